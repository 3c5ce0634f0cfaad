// gRPC Digests: the ledger that lets any number of digest generators mail each (user, period) at most once.
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Recommender.Abstractions.Users;
using static Recommender.Server.Api.RequestValidation;
using static Recommender.Server.Digests.DigestValidation;
using V1 = Recommender.Api.V1;
using Recommender.Grains.Telemetry;
using Recommender.Storage.Seen;

namespace Recommender.Server.Digests;

public sealed class DigestsService(DigestStore store, ISeenStore seen, DigestLinks links, RecommenderMetrics metrics, TimeProvider clock) : V1.Digests.DigestsBase
{
    public override async Task<V1.ClaimDigestsResponse> ClaimDigests(V1.ClaimDigestsRequest request, ServerCallContext context)
    {
        var generator = Text(request.GeneratorId, "generator_id", 200);
        var max = Range(request.MaxClaims, 100, 1, 500, "max_claims");
        var after = request.AfterUserId.Length == 0 ? "" : UserId(request.AfterUserId, "after_user_id");
        var lease = TimeSpan.FromSeconds(Range(request.LeaseSeconds, 300, 10, 3600, "lease_seconds"));
        var now = clock.GetUtcNow();

        var scanned = await store.ScanSubscribersAsync(after, max, context.CancellationToken);
        var due = scanned
            .Select(s => (Subscriber: s, Period: DigestPeriods.DuePeriod(s, now, request.IgnoreSendHour)))
            .Where(d => d.Period is not null)
            .Select(d => (d.Subscriber, d.Period!))
            .ToArray();
        var leases = await store.ClaimAsync(due, generator, lease, now, context.CancellationToken);
        var response = new V1.ClaimDigestsResponse { NextUserId = scanned.Count == max ? scanned[^1].UserId : "" };
        response.Claims.AddRange(leases.Select(l => ToClaim(l.Subscriber, l.Period, now, l.Token, l.Until, l.Attempt)));
        return response;
    }

    public override async Task<V1.PrepareDigestResponse> PrepareDigest(V1.PrepareDigestRequest request, ServerCallContext context)
    {
        var userId = UserId(request.UserId, "user_id");
        var period = Period(request.Period, "period");
        var token = LeaseToken(request.LeaseToken, "lease_token");
        var candidates = Candidates(request.CandidatePaperIds);
        var max = Range(request.MaxPapers, 10, 1, 100, "max_papers");
        var now = clock.GetUtcNow();
        // Papers seen in the app are never mailed; the ledger itself leaves out papers already mailed.
        var seenInApp = await seen.SeenAmongAsync(userId, candidates, context.CancellationToken);
        var prepared = await store.PrepareAsync(userId, period, token, candidates, max, now, seenInApp, context.CancellationToken)
            ?? throw LeaseLost(userId, period);
        var response = new V1.PrepareDigestResponse { LeaseExpiresAt = Timestamp.FromDateTimeOffset(prepared.Until) };
        response.Papers.AddRange(prepared.PaperIds.Select(id => PaperLinks(userId, id, now)));
        return response;
    }

    public override async Task<V1.CompleteDigestResponse> CompleteDigest(V1.CompleteDigestRequest request, ServerCallContext context)
    {
        var userId = UserId(request.UserId, "user_id");
        var period = Period(request.Period, "period");
        LeaseToken(request.LeaseToken, "lease_token");
        var sent = request.Outcome switch
        {
            V1.DigestOutcome.Sent => true,
            V1.DigestOutcome.Rejected => false,
            _ => throw Invalid("outcome", "must be SENT or REJECTED"),
        };
        var reply = Text(request.SmtpReply, "smtp_reply", 2000, required: false);
        var messageId = Text(request.MessageId, "message_id", 998, required: sent);
        var result = await store.CompleteAsync(userId, period, sent, reply, messageId, clock.GetUtcNow(), context.CancellationToken);
        if (sent && result == CompleteResult.Completed)
        {
            metrics.DigestsSent(1);
        }
        return result == CompleteResult.NotClaimed
            ? throw new RpcException(new Status(StatusCode.NotFound, $"period: ({userId}, {period}) was never claimed"))
            : new V1.CompleteDigestResponse { AlreadyCompleted = result == CompleteResult.AlreadyCompleted };
    }

    public override async Task<V1.ReleaseDigestResponse> ReleaseDigest(V1.ReleaseDigestRequest request, ServerCallContext context)
    {
        var userId = UserId(request.UserId, "user_id");
        var period = Period(request.Period, "period");
        var token = LeaseToken(request.LeaseToken, "lease_token");
        var error = Text(request.Error, "error", 2000, required: false);
        var retryAfter = request.RetryAfterSeconds is >= 0 and <= 86_400
            ? TimeSpan.FromSeconds(request.RetryAfterSeconds)
            : throw Invalid("retry_after_seconds", $"must be between 0 and 86400; got {request.RetryAfterSeconds}");
        if (!await store.ReleaseAsync(userId, period, token, error, clock.GetUtcNow() + retryAfter, context.CancellationToken))
        {
            throw LeaseLost(userId, period);
        }
        return new V1.ReleaseDigestResponse();
    }

    public override async Task<V1.PreviewDigestResponse> PreviewDigest(V1.PreviewDigestRequest request, ServerCallContext context)
    {
        var userId = UserId(request.UserId, "user_id");
        var candidates = Candidates(request.CandidatePaperIds);
        var max = Range(request.MaxPapers, 10, 1, 100, "max_papers");
        var subscriber = await store.GetSubscriberAsync(userId, context.CancellationToken) ?? throw NotFound("user_id", userId);
        var now = clock.GetUtcNow();
        var period = DigestPeriods.DuePeriod(subscriber with { Cadence = subscriber.Cadence == DigestCadence.Never ? DigestCadence.Daily : subscriber.Cadence }, now, ignoreSendHour: true)!;
        var seenInApp = await seen.SeenAmongAsync(userId, candidates, context.CancellationToken);
        var unsent = (await store.UnsentAsync(userId, candidates, context.CancellationToken)).Where(id => !seenInApp.Contains(id));
        var response = new V1.PreviewDigestResponse { Claim = ToClaim(subscriber, period, now, "", now, 0) };
        response.Papers.AddRange(unsent.Take(max).Select(id => PaperLinks(userId, id, now)));
        return response;
    }

    private V1.DigestClaim ToClaim(DigestSubscriber subscriber, string period, DateTimeOffset now, string token, DateTimeOffset until, int attempt) => new()
    {
        UserId = subscriber.UserId,
        Period = period,
        LeaseToken = token,
        LeaseExpiresAt = Timestamp.FromDateTimeOffset(until),
        Email = subscriber.Email,
        DisplayName = subscriber.DisplayName,
        Cadence = subscriber.Cadence switch
        {
            DigestCadence.Weekly => V1.DigestCadence.Weekly,
            DigestCadence.Never => V1.DigestCadence.Never,
            _ => V1.DigestCadence.Daily,
        },
        TimeZone = subscriber.TimeZone,
        MessageId = links.MessageId(subscriber.UserId, period),
        UnsubscribeUrl = links.Unsubscribe(subscriber.UserId, now),
        Attempt = attempt,
    };

    private V1.DigestPaperLinks PaperLinks(string userId, string paperId, DateTimeOffset now) => new()
    {
        PaperId = paperId,
        SaveUrl = links.Feedback(userId, paperId, LinkAction.Save, now),
        NotInterestedUrl = links.Feedback(userId, paperId, LinkAction.NotInterested, now),
    };

    private static string[] Candidates(IReadOnlyList<string> ids) => ids.Count <= 500
        ? ids.Select((id, i) => PaperId(id, $"candidate_paper_ids[{i}]")).ToArray()
        : throw Invalid("candidate_paper_ids", $"at most 500 candidates; got {ids.Count}");
}
