// A health check that runs one probe of a dependency under a deadline.
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Recommender.Server.Health;

/// <summary>
/// Runs <paramref name="probe"/> and reports Unhealthy if it throws or does not finish within
/// <paramref name="timeout"/>. The deadline does not rely on the probe honouring its token (a Redis
/// command to a black-holed host does not), so a dependency that never answers cannot hang a probe.
/// </summary>
public sealed class DependencyHealthCheck(string dependency, Func<CancellationToken, Task> probe, TimeSpan timeout) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await probe(deadline.Token).WaitAsync(timeout, cancellationToken);
            return HealthCheckResult.Healthy($"{dependency} answered");
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return HealthCheckResult.Unhealthy($"{dependency} did not answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The type only: driver messages can carry host names and connection details.
            return HealthCheckResult.Unhealthy($"{dependency} failed: {e.GetType().Name}");
        }
    }
}
