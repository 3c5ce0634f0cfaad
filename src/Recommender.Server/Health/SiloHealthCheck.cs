// Liveness of the Orleans silo hosted in this process.
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Recommender.Server.Health;

/// <summary>
/// Healthy while this silo is an active cluster member. A silo that the cluster declared dead, or that
/// is shutting down, no longer hosts grains: restarting the process is then the cure.
/// </summary>
public sealed class SiloHealthCheck(ISiloStatusOracle membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentStatus;
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("silo active")
            : HealthCheckResult.Unhealthy($"silo {status}"));
    }
}
