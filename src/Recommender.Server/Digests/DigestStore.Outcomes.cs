// Closing ledger rows: the SMTP outcome (sent, or rejected for good) and giving a lease back.
namespace Recommender.Server.Digests;

public sealed partial class DigestStore
{
    /// <summary>Closes an open (user, period) as sent (recording its papers as mailed) or rejected
    /// (suppressing the address). Accepted under an expired or taken-over lease too: the mail went
    /// out either way, and recording it stops a second send. One transaction.</summary>
    public Task<CompleteResult> CompleteAsync(
        string userId, string period, bool sent, string smtpReply, string messageId, DateTimeOffset now,
        CancellationToken cancellationToken = default) => WriteAsync(async write =>
    {
        await using var close = write.Command("""
            UPDATE recommender_digests SET state = @state, smtp_reply = @reply, message_id = @message, completed_at = @now, lease_token = ''
            WHERE service_id = @service AND user_id = @user AND period = @period AND state = 'leased'
            RETURNING paper_ids, email
            """);
        Add(close, "user", userId);
        Add(close, "period", period);
        Add(close, "state", sent ? Sent : Rejected);
        Add(close, "reply", smtpReply);
        Add(close, "message", messageId);
        Add(close, "now", now.ToUnixTimeMilliseconds());
        string paperIds, email;
        await using (var reader = await close.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                await reader.DisposeAsync();
                return await ExistsAsync(write, userId, period, cancellationToken) ? CompleteResult.AlreadyCompleted : CompleteResult.NotClaimed;
            }
            (paperIds, email) = (reader.GetString(0), reader.GetString(1));
        }
        if (sent)
        {
            foreach (var paperId in paperIds.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await using var mailed = write.Command("""
                    INSERT INTO recommender_digest_papers (service_id, user_id, paper_id, period) VALUES (@service, @user, @paper, @period)
                    ON CONFLICT DO NOTHING
                    """);
                        Add(mailed, "user", userId);
                Add(mailed, "paper", paperId);
                Add(mailed, "period", period);
                await mailed.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        else
        {
            await using var suppress = write.Command("""
                UPDATE recommender_digest_subscribers SET suppressed_email = @email, suppressed_reason = @reply
                WHERE service_id = @service AND user_id = @user AND email = @email
                """);
                Add(suppress, "user", userId);
            Add(suppress, "email", email);
            Add(suppress, "reply", smtpReply);
            await suppress.ExecuteNonQueryAsync(cancellationToken);
        }
        return CompleteResult.Completed;
    }, cancellationToken);

    /// <summary>Gives a held lease back after a transient failure; nobody claims it again before <paramref name="retryAt"/>.</summary>
    public Task<bool> ReleaseAsync(string userId, string period, string token, string error, DateTimeOffset retryAt, CancellationToken cancellationToken = default) => WriteAsync(async write =>
    {
        await using var command = write.Command("""
            UPDATE recommender_digests SET lease_token = '', lease_until = @until, last_error = @error
            WHERE service_id = @service AND user_id = @user AND period = @period AND state = 'leased' AND lease_token = @token
            """);
        Add(command, "user", userId);
        Add(command, "period", period);
        Add(command, "token", token);
        Add(command, "error", error);
        Add(command, "until", retryAt.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }, cancellationToken);

    /// <summary>The ledger row's state, or null when the (user, period) was never claimed.</summary>
    public async Task<string?> StateAsync(string userId, string period, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, "SELECT state FROM recommender_digests WHERE service_id = @service AND user_id = @user AND period = @period");
        Add(command, "user", userId);
        Add(command, "period", period);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<bool> ExistsAsync(Write write, string userId, string period, CancellationToken cancellationToken)
    {
        await using var command = write.Command("SELECT 1 FROM recommender_digests WHERE service_id = @service AND user_id = @user AND period = @period");
        Add(command, "user", userId);
        Add(command, "period", period);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
