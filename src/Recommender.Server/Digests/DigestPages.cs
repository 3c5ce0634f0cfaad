// The HTTP side of digest links: a GET only shows a page with a button (mail scanners prefetch
// GETs), a POST acts. RFC 8058 one-click unsubscribe POSTs here too, with no login.
using System.Text.Encodings.Web;
using Recommender.Abstractions;
using Recommender.Abstractions.Users;
using Recommender.Server.Events;

namespace Recommender.Server.Digests;

public static class DigestPages
{
    public static void MapDigestPages(this WebApplication app)
    {
        // The signed link is the credential: mail readers carry no bearer token.
        var pages = app.MapGroup("").AllowAnonymous();
        pages.MapGet("/unsubscribe/{token}", (string token, DigestTokens tokens, TimeProvider clock) =>
            Checked(tokens, token, clock, LinkAction.Unsubscribe, grant => Page(200, "Unsubscribe from paper digests?",
                "You will get no more digest emails. You can subscribe again in the app at any time.", "Unsubscribe")));

        pages.MapPost("/unsubscribe/{token}", (string token, DigestTokens tokens, TimeProvider clock, DigestStore store, EventRecorder events) =>
            CheckedAsync(tokens, token, clock, LinkAction.Unsubscribe, async grant =>
            {
                // Logged once: a second click on the link changes nothing and records nothing.
                var wasSubscribed = (await store.GetSubscriberAsync(grant.UserId))?.Cadence is { } cadence && cadence != DigestCadence.Never;
                if (!await store.UnsubscribeAsync(grant.UserId))
                {
                    return Page(404, "Unknown subscriber", "There is no digest subscription for this link.");
                }
                if (wasSubscribed)
                {
                    await events.DigestUnsubscribedAsync(grant.UserId, "digest-link");
                }
                return Page(200, "You are unsubscribed", "You will get no more digest emails.");
            }));

        pages.MapGet("/feedback/{token}", (string token, DigestTokens tokens, TimeProvider clock) =>
            Checked(tokens, token, clock, null, grant => grant.Action == LinkAction.Save
                ? Page(200, "Save this paper?", $"Paper {grant.PaperId} will be saved to your library.", "Save")
                : Page(200, "Not interested in this paper?", $"Paper {grant.PaperId} will leave your feed and you will see fewer like it.", "Not interested")));

        pages.MapPost("/feedback/{token}", (string token, DigestTokens tokens, TimeProvider clock, IGrainFactory grains, EventRecorder events) =>
            CheckedAsync(tokens, token, clock, null, async grant =>
            {
                var kind = grant.Action == LinkAction.Save ? FeedbackKind.Save : FeedbackKind.Hide;
                try
                {
                    await grains.GetGrain<IUserGrain>(GrainKeys.User(grant.UserId)).RecordFeedback(grant.PaperId, kind);
                }
                catch (UnknownEntityException)
                {
                    return Page(404, "Not found", "This paper or user no longer exists.");
                }
                catch (CapExceededException)
                {
                    return Page(409, "Too many hidden papers", "You already hide the most papers a reader may hide; nothing was changed.");
                }
                await events.FeedbackAsync(grant.UserId, grant.PaperId, kind == FeedbackKind.Save ? "save" : "hide", "digest");
                return kind == FeedbackKind.Save
                    ? Page(200, "Saved", $"Paper {grant.PaperId} is saved.")
                    : Page(200, "Thanks", $"Paper {grant.PaperId} will not be shown again.");
            }));
    }

    private static IResult Checked(DigestTokens tokens, string token, TimeProvider clock, LinkAction? expected, Func<LinkGrant, IResult> action) =>
        Verify(tokens, token, clock, expected, out var grant) ?? action(grant!);

    private static async Task<IResult> CheckedAsync(DigestTokens tokens, string token, TimeProvider clock, LinkAction? expected, Func<LinkGrant, Task<IResult>> action) =>
        Verify(tokens, token, clock, expected, out var grant) ?? await action(grant!);

    /// <summary>Null when the token is good for this page; else the 4xx page that says why.</summary>
    private static IResult? Verify(DigestTokens tokens, string token, TimeProvider clock, LinkAction? expected, out LinkGrant? grant)
    {
        var check = tokens.Check(token, clock.GetUtcNow(), out grant);
        if (check == TokenCheck.Expired)
        {
            return Page(410, "This link has expired", "Links in digest emails stop working after a while. Use the link in a newer digest.");
        }
        var fits = grant is not null && (expected is { } action ? grant.Action == action : grant.Action != LinkAction.Unsubscribe);
        return check == TokenCheck.Valid && fits ? null : Page(400, "This link is not valid", "The link is damaged or incomplete; nothing was changed.");
    }

    private static IResult Page(int status, string title, string text, string? button = null)
    {
        var encoder = HtmlEncoder.Default;
        var form = button is null ? "" : $"""<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">{encoder.Encode(button)}</button></form>""";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex"><title>{{encoder.Encode(title)}}</title>
            <style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}button{font-size:1rem;padding:.6rem 1.2rem}</style></head>
            <body><h1>{{encoder.Encode(title)}}</h1><p>{{encoder.Encode(text)}}</p>{{form}}</body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
