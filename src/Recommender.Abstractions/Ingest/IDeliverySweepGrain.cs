// The one owner of the periodic hand-over sweep: a single grain, so however many silos run, one sweep looks at a time.
namespace Recommender.Abstractions.Ingest;

/// <summary>Fans out again the stored papers whose fan-out never completed (a crash, a failed write).</summary>
[Alias("recommender.IDeliverySweepGrain")]
public interface IDeliverySweepGrain : IGrainWithStringKey
{
    /// <summary>Activates the sweep (registering its reminder) and has it look at once; each silo calls it when it starts.</summary>
    [Alias("Wake")]
    Task Wake();

    /// <summary>Where the sweep runs and what it has done since it was activated there.</summary>
    [Alias("GetStatus")]
    Task<DeliverySweepStatus> GetStatus();
}
