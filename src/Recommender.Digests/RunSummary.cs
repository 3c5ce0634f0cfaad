// Counts of one generator pass, printed by the command and checked by tests.
namespace Recommender.Digests;

public sealed class RunSummary
{
    private int claimed, sent, empty, rejected, deferred, lost;

    public int Claimed => claimed;
    /// <summary>Accepted by the SMTP server (or written as .eml) and recorded.</summary>
    public int Sent => sent;
    /// <summary>Nothing new for the user: closed without a mail.</summary>
    public int Empty => empty;
    /// <summary>The recipient was refused for good; the address is now suppressed.</summary>
    public int Rejected => rejected;
    /// <summary>Handed back after transient failures; a later pass retries them.</summary>
    public int Deferred => deferred;
    /// <summary>Another generator took the lease over.</summary>
    public int Lost => lost;

    internal void AddClaimed(int count) => Interlocked.Add(ref claimed, count);
    internal void Count(DigestOutcomeKind outcome)
    {
        switch (outcome)
        {
            case DigestOutcomeKind.Sent: Interlocked.Increment(ref sent); break;
            case DigestOutcomeKind.Empty: Interlocked.Increment(ref empty); break;
            case DigestOutcomeKind.Rejected: Interlocked.Increment(ref rejected); break;
            case DigestOutcomeKind.Deferred: Interlocked.Increment(ref deferred); break;
            case DigestOutcomeKind.Lost: Interlocked.Increment(ref lost); break;
        }
    }

    public override string ToString() =>
        $"{Claimed} claimed: {Sent} sent, {Empty} with nothing new, {Rejected} rejected, {Deferred} deferred, {Lost} taken over";
}

internal enum DigestOutcomeKind
{
    Sent,
    Empty,
    Rejected,
    Deferred,
    Lost,
}
