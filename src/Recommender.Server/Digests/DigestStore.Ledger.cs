// The ledger rows of DigestStore: claim with a lease, prepare, complete, release.
// A row is 'leased' until it is closed as 'sent', 'empty' or 'rejected'; an expired lease on
// an open row can be claimed again, which is how a crash at any step is recovered.
using System.Data.Common;

namespace Recommender.Server.Digests;

/// <summary>A lease on one (user, period).</summary>
public sealed record DigestLease(DigestSubscriber Subscriber, string Period, string Token, DateTimeOffset Until, int Attempt);

public enum CompleteResult
{
    Completed,
    AlreadyCompleted,
    NotClaimed,
}

public sealed partial class DigestStore
{
    public const string Leased = "leased";
    public const string Sent = "sent";
    public const string Empty = "empty";
    public const string Rejected = "rejected";

    /// <summary>Leases each (subscriber, period) that is neither closed nor leased by someone else; one transaction.</summary>
    public async Task<IReadOnlyList<DigestLease>> ClaimAsync(
        IReadOnlyList<(DigestSubscriber Subscriber, string Period)> due, string generatorId, TimeSpan lease, DateTimeOffset now,
        CancellationToken cancellationToken = default) => due.Count == 0 ? [] : await WriteAsync(async write =>
    {
        var claimed = new List<DigestLease>();
        // One order for every generator: two transactions taking row locks in opposite orders would deadlock.
        foreach (var (subscriber, period) in due.OrderBy(d => d.Subscriber.UserId, StringComparer.Ordinal).ThenBy(d => d.Period, StringComparer.Ordinal))
        {
            var token = Guid.NewGuid().ToString("N");
            var until = now + lease;
            await using var command = write.Command("""
                INSERT INTO recommender_digests (service_id, user_id, period, state, email, lease_token, lease_until, lease_seconds, attempts, generator_id, created_at)
                VALUES (@service, @user, @period, 'leased', @email, @token, @until, @seconds, 1, @generator, @now)
                ON CONFLICT (service_id, user_id, period) DO UPDATE SET
                    lease_token = excluded.lease_token, lease_until = excluded.lease_until, lease_seconds = excluded.lease_seconds,
                    attempts = recommender_digests.attempts + 1, generator_id = excluded.generator_id
                WHERE recommender_digests.state = 'leased' AND recommender_digests.lease_until <= @now
                RETURNING attempts, email
                """);
            Add(command, "user", subscriber.UserId);
            Add(command, "period", period);
            Add(command, "email", subscriber.Email);
            Add(command, "token", token);
            Add(command, "until", until.ToUnixTimeMilliseconds());
            Add(command, "seconds", (long)lease.TotalSeconds);
            Add(command, "generator", generatorId);
            Add(command, "now", now.ToUnixTimeMilliseconds());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                // A retry mails the address the first attempt chose, so a suppression hits the right one.
                var leased = subscriber with { Email = reader.GetString(1) };
                claimed.Add(new DigestLease(leased, period, token, until, (int)reader.GetInt64(0)));
            }
        }
        return claimed;
    }, cancellationToken);

    /// <summary>Chooses the digest's papers under a held lease and renews it; null when the lease is lost.
    /// An empty choice closes the digest as empty. <paramref name="seen"/> (papers seen in the app) are not
    /// chosen anew, but a retry keeps what an earlier attempt chose, since that mail may be out already.</summary>
    public Task<(IReadOnlyList<string> PaperIds, DateTimeOffset Until)?> PrepareAsync(
        string userId, string period, string token, IReadOnlyList<string> candidates, int maxPapers, DateTimeOffset now,
        IReadOnlySet<string>? seen = null, CancellationToken cancellationToken = default) => WriteAsync<(IReadOnlyList<string>, DateTimeOffset)?>(async write =>
    {
        await using var select = write.Command("""
            SELECT paper_ids, lease_seconds FROM recommender_digests
            WHERE service_id = @service AND user_id = @user AND period = @period AND state = 'leased' AND lease_token = @token
            """);
        Add(select, "user", userId);
        Add(select, "period", period);
        Add(select, "token", token);
        string previous;
        long leaseSeconds;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            (previous, leaseSeconds) = (reader.GetString(0), reader.GetInt64(1));
        }
        var unsent = await UnsentAsync(write.Connection, write.Transaction, userId, candidates, cancellationToken);
        var chosen = Choose(previous, unsent, seen ?? new HashSet<string>(), maxPapers);
        var until = now.AddSeconds(leaseSeconds);
        await using var update = write.Command("""
            UPDATE recommender_digests SET paper_ids = @papers, lease_until = @until,
                state = CASE WHEN @papers = '' THEN 'empty' ELSE state END,
                completed_at = CASE WHEN @papers = '' THEN @now ELSE completed_at END
            WHERE service_id = @service AND user_id = @user AND period = @period AND state = 'leased' AND lease_token = @token
            """);
        Add(update, "user", userId);
        Add(update, "period", period);
        Add(update, "token", token);
        Add(update, "papers", string.Join('\n', chosen));
        Add(update, "until", until.ToUnixTimeMilliseconds());
        Add(update, "now", now.ToUnixTimeMilliseconds());
        await update.ExecuteNonQueryAsync(cancellationToken);
        return (chosen, until);
    }, cancellationToken);

    /// <summary>A retry keeps the papers an earlier attempt chose (the mail may already be out); else the first unsent ones.</summary>
    private static IReadOnlyList<string> Choose(string previous, IReadOnlyList<string> unsent, IReadOnlySet<string> seen, int maxPapers)
    {
        if (previous.Length > 0)
        {
            var kept = previous.Split('\n').Where(unsent.Contains).ToArray();
            if (kept.Length > 0)
            {
                return kept;
            }
        }
        return unsent.Where(id => !seen.Contains(id)).Take(maxPapers).ToArray();
    }

    /// <summary>The candidates never mailed to the user, in the given order (read only; for previews).</summary>
    public async Task<IReadOnlyList<string>> UnsentAsync(string userId, IReadOnlyList<string> candidates, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await UnsentAsync(connection, null, userId, candidates, cancellationToken);
    }

    private async Task<IReadOnlyList<string>> UnsentAsync(
        DbConnection connection, DbTransaction? transaction, string userId, IReadOnlyList<string> candidates, CancellationToken cancellationToken)
    {
        var distinct = candidates.Distinct().ToArray();
        if (distinct.Length == 0)
        {
            return [];
        }
        var names = distinct.Select((_, i) => "@p" + i);
        await using var command = Command(connection,
            $"SELECT paper_id FROM recommender_digest_papers WHERE service_id = @service AND user_id = @user AND paper_id IN ({string.Join(", ", names)})", transaction);
        Add(command, "user", userId);
        for (var i = 0; i < distinct.Length; i++)
        {
            Add(command, "p" + i, distinct[i]);
        }
        var sent = new HashSet<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sent.Add(reader.GetString(0));
        }
        return distinct.Where(id => !sent.Contains(id)).ToArray();
    }
}
