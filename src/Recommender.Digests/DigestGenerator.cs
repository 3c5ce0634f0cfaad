// One generator: claims due digests from the service, fills each from the user's feed, renders
// it and hands it to the transport, then records the outcome in the service's ledger.
//
// Crash safety comes from the ledger: a claim is a lease; a crash after the claim, after the
// render, or after the SMTP server accepted the mail leaves the (user, period) open, and the
// next claim after the lease runs out sends it again. Only the last case (accepted, not yet
// recorded) can mail twice; the resend has the same Message-ID and the same papers, so
// mailbox providers fold it into the first copy.
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Api.V1;
using Recommender.Digests.Rendering;
using Recommender.Digests.Sending;

namespace Recommender.Digests;

public sealed class DigestGenerator : IAsyncDisposable
{
    /// <summary>Longest a send may take (MailKit's time-out): 30 s, or half the lease when that is shorter.
    /// A send starts only with this much lease left, so no other generator can take the digest over meanwhile.</summary>
    private readonly TimeSpan sendBudget;

    private readonly GeneratorOptions options;
    private readonly ServiceConnection service;
    private readonly IMailTransport transport;
    private readonly DigestHtml html = new();
    private readonly ILogger logger;

    public DigestGenerator(GeneratorOptions options, ILogger? logger = null)
    {
        this.options = options;
        this.logger = logger ?? NullLogger.Instance;
        service = new ServiceConnection(options.Server, options.ServiceToken);
        sendBudget = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, options.Lease.Ticks / 2));
        transport = options.Smtp is { } smtp
            ? new SmtpTransport(smtp, options.SmtpUser, options.SmtpPassword, options.StartTls, sendBudget)
            : new EmlDirectoryTransport(options.OutputDirectory);
    }

    /// <summary>One pass over every subscriber: sends every digest that is due and not yet sent.</summary>
    public async Task<RunSummary> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var summary = new RunSummary();
        // Bounded, so claims wait in memory only briefly and their leases stay fresh.
        var claims = Channel.CreateBounded<DigestClaim>(options.ClaimBatch);
        var producer = Task.Run(async () =>
        {
            try
            {
                var after = "";
                do
                {
                    var page = await service.Digests.ClaimDigestsAsync(new ClaimDigestsRequest
                    {
                        GeneratorId = options.GeneratorId,
                        MaxClaims = options.ClaimBatch,
                        AfterUserId = after,
                        IgnoreSendHour = options.Now,
                        LeaseSeconds = (int)options.Lease.TotalSeconds,
                    }, cancellationToken: cancellationToken);
                    summary.AddClaimed(page.Claims.Count);
                    foreach (var claim in page.Claims)
                    {
                        await claims.Writer.WriteAsync(claim, cancellationToken);
                    }
                    after = page.NextUserId;
                }
                while (after.Length > 0);
            }
            finally
            {
                claims.Writer.Complete();
            }
        }, cancellationToken);
        await Parallel.ForEachAsync(claims.Reader.ReadAllAsync(cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            async (claim, token) => summary.Count(await ProcessAsync(claim, token)));
        await producer;
        return summary;
    }

    /// <summary>Passes until cancelled, <see cref="GeneratorOptions.WatchInterval"/> apart; a failed pass is logged and the next one retries.</summary>
    public async Task WatchAsync(Action<RunSummary> onPass, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                onPass(await RunOnceAsync(cancellationToken));
            }
            catch (RpcException e) when (e.StatusCode != StatusCode.InvalidArgument)
            {
                logger.LogWarning("Digest pass failed, retrying next pass: {Status}", e.Status);
            }
            await Task.Delay(options.WatchInterval, cancellationToken);
        }
    }

    /// <summary>The digest the user would get now, as an HTML file; nothing is claimed or recorded.</summary>
    public async Task<DigestModel> PreviewAsync(string userId, string outFile, CancellationToken cancellationToken = default)
    {
        var feed = DigestComposer.Candidates(await service.Feeds.GetFeedAsync(new GetFeedRequest { UserId = userId, PageSize = 100 }, cancellationToken: cancellationToken));
        var request = new PreviewDigestRequest { UserId = userId, MaxPapers = options.PapersPerDigest };
        request.CandidatePaperIds.AddRange(feed.Select(i => i.Paper.Id));
        var preview = await service.Digests.PreviewDigestAsync(request, cancellationToken: cancellationToken);
        var model = DigestComposer.Compose(preview.Claim, feed, preview.Papers);
        await File.WriteAllTextAsync(outFile, await html.RenderAsync(model), cancellationToken);
        return model;
    }

    private async Task<DigestOutcomeKind> ProcessAsync(DigestClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            return await SendDigestAsync(claim, cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            return DigestOutcomeKind.Lost;
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The service is unreachable or failing: the lease runs out and a later pass sends it.
            logger.LogWarning("Digest ({User}, {Period}) left for a later pass: {Status}", claim.UserId, claim.Period, e.Status);
            return DigestOutcomeKind.Deferred;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One digest that cannot be built or written must not stop the others; its lease runs out and it is retried.
            logger.LogError(e, "Digest ({User}, {Period}) failed; left for a later pass", claim.UserId, claim.Period);
            return DigestOutcomeKind.Deferred;
        }
    }

    private async Task<DigestOutcomeKind> SendDigestAsync(DigestClaim claim, CancellationToken cancellationToken)
    {
        var feed = await FeedAsync(claim.UserId, cancellationToken);
        var prepare = new PrepareDigestRequest { UserId = claim.UserId, Period = claim.Period, LeaseToken = claim.LeaseToken, MaxPapers = options.PapersPerDigest };
        prepare.CandidatePaperIds.AddRange(feed.Select(i => i.Paper.Id));
        var prepared = await service.Digests.PrepareDigestAsync(prepare, cancellationToken: cancellationToken);
        if (prepared.Papers.Count == 0)
        {
            return DigestOutcomeKind.Empty;
        }
        var model = DigestComposer.Compose(claim, feed, prepared.Papers);
        var message = DigestMessage.Build(model, await html.RenderAsync(model), options.From, claim.MessageId, options.UnsubscribeMailto, DateTimeOffset.UtcNow);
        var leaseEnds = prepared.LeaseExpiresAt.ToDateTimeOffset();
        var delay = options.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            if (DateTimeOffset.UtcNow + sendBudget > leaseEnds)
            {
                // Too little lease left to be sure nobody else sends meanwhile.
                await ReleaseAsync(claim, "lease nearly over before the send", TimeSpan.Zero, cancellationToken);
                return DigestOutcomeKind.Deferred;
            }
            var result = await transport.SendAsync(message, cancellationToken);
            switch (result.Status)
            {
                case SendStatus.Accepted:
                    await CompleteAsync(claim, DigestOutcome.Sent, result.Reply, cancellationToken);
                    return DigestOutcomeKind.Sent;
                case SendStatus.RecipientRejected:
                    await CompleteAsync(claim, DigestOutcome.Rejected, result.Reply, cancellationToken);
                    return DigestOutcomeKind.Rejected;
                case SendStatus.Failed:
                    logger.LogError("Digest ({User}, {Period}) refused: {Reply}", claim.UserId, claim.Period, result.Reply);
                    await ReleaseAsync(claim, result.Reply, TimeSpan.FromHours(1), cancellationToken);
                    return DigestOutcomeKind.Deferred;
                case SendStatus.Transient when attempt >= options.SendAttempts:
                    logger.LogWarning("Digest ({User}, {Period}) deferred after {Attempts} attempts: {Reply}", claim.UserId, claim.Period, attempt, result.Reply);
                    await ReleaseAsync(claim, result.Reply, delay, cancellationToken);
                    return DigestOutcomeKind.Deferred;
                default:
                    logger.LogInformation("Digest ({User}, {Period}) attempt {Attempt}: {Reply}; retrying in {Delay}", claim.UserId, claim.Period, attempt, result.Reply, delay);
                    await Task.Delay(delay, cancellationToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRetryDelay.Ticks));
                    break;
            }
        }
    }

    private async Task<IReadOnlyList<FeedItem>> FeedAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            return DigestComposer.Candidates(await service.Feeds.GetFeedAsync(new GetFeedRequest { UserId = userId, PageSize = 100 }, cancellationToken: cancellationToken));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            // A subscriber whose user is gone has nothing new: PrepareDigest closes the digest as empty.
            return [];
        }
    }

    /// <summary>Records the outcome; retried, because a mail that went out but was never recorded is the one case that can double.</summary>
    private async Task CompleteAsync(DigestClaim claim, DigestOutcome outcome, string reply, CancellationToken cancellationToken)
    {
        var request = new CompleteDigestRequest
        {
            UserId = claim.UserId, Period = claim.Period, LeaseToken = claim.LeaseToken, Outcome = outcome,
            SmtpReply = reply.Length > 2000 ? reply[..2000] : reply, MessageId = claim.MessageId,
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await service.Digests.CompleteDigestAsync(request, cancellationToken: cancellationToken);
                return;
            }
            catch (RpcException e) when (attempt < 5 && e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
        }
    }

    private async Task ReleaseAsync(DigestClaim claim, string error, TimeSpan retryAfter, CancellationToken cancellationToken) =>
        await service.Digests.ReleaseDigestAsync(new ReleaseDigestRequest
        {
            UserId = claim.UserId, Period = claim.Period, LeaseToken = claim.LeaseToken,
            Error = error.Length > 2000 ? error[..2000] : error, RetryAfterSeconds = (int)Math.Ceiling(retryAfter.TotalSeconds),
        }, cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transport.DisposeAsync();
        await html.DisposeAsync();
        service.Dispose();
    }
}
