// The digest generator end to end: the real server process, a real SMTP server process on
// loopback spoken to by MailKit, real HTTP for the links. What each mail must be, who gets one,
// and that nobody gets one twice.
using System.Globalization;
using System.Net;
using Grpc.Core;
using MimeKit;
using Recommender.Api.V1;

namespace Recommender.Digests.Tests.EndToEnd;

public sealed class DigestEndToEndTests
{
    private static readonly string[] Zones = ["UTC", "Pacific/Kiritimati", "America/Los_Angeles", "Asia/Tokyo", "Europe/Berlin"];

    [Fact]
    public async Task Users_on_several_time_zones_and_cadences_get_exactly_the_mails_due_and_never_twice()
    {
        await AwayFromTheHour();
        await using var world = await DigestWorld.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var due = new Dictionary<string, (string UserId, string Period, int Topic)>();
        var later = new List<string>();
        for (var i = 0; i < Zones.Length; i++)
        {
            var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(Zones[i]));
            await world.AddUserAsync($"daily-{i}", $"daily-{i}@example.org", DigestCadence.Daily, Zones[i], 0, i);
            due[$"daily-{i}@example.org"] = ($"daily-{i}", local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), i % DigestWorld.TopicCount);
            await world.AddUserAsync($"weekly-{i}", $"weekly-{i}@example.org", DigestCadence.Weekly, Zones[i], 0, i + 1);
            due[$"weekly-{i}@example.org"] = ($"weekly-{i}", $"{ISOWeek.GetYear(local.DateTime)}-W{ISOWeek.GetWeekOfYear(local.DateTime):00}", (i + 1) % DigestWorld.TopicCount);
            if (local.Hour < 23)
            {
                await world.AddUserAsync($"later-{i}", $"later-{i}@example.org", DigestCadence.Daily, Zones[i], local.Hour + 1, i);
                later.Add($"later-{i}@example.org");
            }
        }
        await world.AddUserAsync("never", "never@example.org", DigestCadence.Never, "UTC", 0, 0);
        await world.AddUserAsync("no-email", "", DigestCadence.Daily, "UTC", 0, 0);
        await world.AddUserAsync("nothing-new", "nothing-new@example.org", DigestCadence.Daily, "UTC", 0, topic: null);
        await world.AddUserAsync("bouncer", "bounce-1@example.org", DigestCadence.Daily, "UTC", 0, 0);

        var first = await world.RunAsync(world.Options());

        var mail = world.Mailboxes();
        Assert.Equal(due.Keys.Order(), mail.Keys.Order());
        Assert.All(mail.Values, copies => Assert.Single(copies));
        foreach (var (address, expected) in due)
        {
            await AssertDigest(world, mail[address].Single(), expected.UserId, expected.Period);
        }
        Assert.Contains(mail.Values.SelectMany(m => m), m => m.HtmlBody?.Contains("&lt;script&gt;alert(", StringComparison.Ordinal) == true);
        Assert.Equal((due.Count, 1, 1), (first.Sent, first.Empty, first.Rejected));
        var bouncer = await world.Users.GetUserAsync(new GetUserRequest { Id = "bouncer" });
        Assert.Equal("bounce-1@example.org", bouncer.SuppressedEmail);

        // Again: everything due has been sent, so nothing goes out.
        var again = await world.RunAsync(world.Options());
        Assert.Equal((0, due.Count), (again.Sent, world.Smtp.Count));

        // Two generators at once, with --now: the later users' days become due; each gets one mail.
        var racing = await Task.WhenAll(world.RunAsync(world.Options(now: true)), world.RunAsync(world.Options(now: true)));
        Assert.Equal(later.Count, racing.Sum(r => r.Sent));
        mail = world.Mailboxes();
        Assert.Equal(due.Keys.Concat(later).Order(), mail.Keys.Order());
        Assert.All(mail.Values, copies => Assert.Single(copies));
        Assert.Equal(0, (await world.RunAsync(world.Options(now: true))).Sent);

        // A changed address lifts the suppression.
        await world.Users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = "bouncer", Email = "fixed@example.org" } });
        var fixedUser = await world.Users.GetUserAsync(new GetUserRequest { Id = "bouncer" });
        Assert.Equal(("", DigestCadence.Daily, "UTC"), (fixedUser.SuppressedEmail, fixedUser.Digest, fixedUser.TimeZone));
    }

    [Fact]
    public async Task Bad_digest_settings_are_refused_naming_the_field()
    {
        await using var world = await DigestWorld.StartAsync();
        async Task Refused(string field, User user)
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => world.Users.UpsertUserAsync(new UpsertUserRequest { User = user }).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            Assert.StartsWith(field + ":", e.Status.Detail);
        }

        await Refused("user.time_zone", new User { Id = "ada", TimeZone = "Mars/Olympus_Mons" });
        await Refused("user.digest_send_hour", new User { Id = "ada", DigestSendHour = 24 });
        await Refused("user.email", new User { Id = "ada", Email = "ada@localhost" });
        await Assert.ThrowsAsync<RpcException>(() => world.Users.GetUserAsync(new GetUserRequest { Id = "ada" }).ResponseAsync);

        await world.Users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = "ada", Email = "ada@example.org", TimeZone = "Asia/Kolkata", DigestSendHour = 0, Digest = DigestCadence.Weekly } });
        // Fields left out keep their values.
        var ada = await world.Users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = "ada", Email = "ada@example.org", DisplayName = "Ada" } });
        Assert.Equal(("Asia/Kolkata", 0, DigestCadence.Weekly), (ada.TimeZone, ada.DigestSendHour, ada.Digest));
        var claim = await Assert.ThrowsAsync<RpcException>(() => world.Digests.ClaimDigestsAsync(new ClaimDigestsRequest { GeneratorId = "g", MaxClaims = 501 }).ResponseAsync);
        Assert.StartsWith("max_claims:", claim.Status.Detail);
    }

    [Fact]
    public async Task One_click_unsubscribe_needs_no_login_and_stops_all_further_mail()
    {
        await AwayFromTheHour();
        await using var world = await DigestWorld.StartAsync();
        // Bob and cyd are due an hour from now, in their own time: in a zone 12 hours behind after midday UTC
        // (at 23:00 UTC "an hour later" in UTC would be tomorrow, and they would be mailed at once).
        var utcHour = DateTimeOffset.UtcNow.Hour;
        var (laterZone, localHour) = utcHour >= 12 ? ("Etc/GMT+12", utcHour - 12) : ("UTC", utcHour);
        await world.AddUserAsync("ada", "ada@example.org", DigestCadence.Daily, "UTC", 0, 0);
        await world.AddUserAsync("bob", "bob@example.org", DigestCadence.Daily, laterZone, localHour + 1, 1);
        await world.AddUserAsync("cyd", "cyd@example.org", DigestCadence.Daily, laterZone, localHour + 1, 1);
        await world.RunAsync(world.Options());
        var url = DigestWorld.UnsubscribeUrl(world.Mailboxes()["ada@example.org"].Single());
        using var http = new HttpClient();

        // A GET (what a mail scanner does) shows a button and changes nothing.
        var page = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\">", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(DigestCadence.Daily, (await world.Users.GetUserAsync(new GetUserRequest { Id = "ada" })).Digest);

        // A tampered token changes nothing and says so.
        var tampered = await http.PostAsync(url[..^3] + (url[^3] == 'A' ? "B" : "A") + url[^2..], OneClick());
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Contains("not valid", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(DigestCadence.Daily, (await world.Users.GetUserAsync(new GetUserRequest { Id = "ada" })).Digest);

        // RFC 8058: the POST a mailbox provider sends, with no cookie or login.
        var post = await http.PostAsync(url, OneClick());
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(DigestCadence.Never, (await world.Users.GetUserAsync(new GetUserRequest { Id = "ada" })).Digest);

        // Bob unsubscribes before his digest is due; with --now cyd gets hers, bob and ada get nothing.
        var bobLink = (await world.Digests.PreviewDigestAsync(new PreviewDigestRequest { UserId = "bob" })).Claim.UnsubscribeUrl;
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(bobLink, OneClick())).StatusCode);
        var run = await world.RunAsync(world.Options(now: true));
        Assert.Equal(1, run.Sent);
        Assert.Equal(["ada@example.org", "cyd@example.org"], world.Mailboxes().Keys.Order());
    }

    [Fact]
    public async Task Feedback_links_show_a_page_on_get_and_act_only_on_post()
    {
        await using var world = await DigestWorld.StartAsync();
        await world.AddUserAsync("ada", "ada@example.org", DigestCadence.Daily, "UTC", 0, 0);
        await world.RunAsync(world.Options(now: true));
        var text = world.Mailboxes()["ada@example.org"].Single().TextBody;
        var hide = Links(text, "Not interested: ").First();
        var save = Links(text, "Save: ").First();
        var paperId = (await world.FeedAsync("ada")).First().Paper.Id;
        using var http = new HttpClient();

        var page = await http.GetAsync(hide);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\">", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(paperId, (await world.FeedAsync("ada")).Select(i => i.Paper.Id));

        var hidden = await http.PostAsync(hide, new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        Assert.DoesNotContain(paperId, (await world.FeedAsync("ada")).Select(i => i.Paper.Id));
        var feedback = (await world.Users.GetUserAsync(new GetUserRequest { Id = "ada" })).FeedbackCount;
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(save, new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(feedback + 1, (await world.Users.GetUserAsync(new GetUserRequest { Id = "ada" })).FeedbackCount);
        // An unsubscribe token is not a feedback token.
        var unsubscribe = DigestWorld.UnsubscribeUrl(world.Mailboxes()["ada@example.org"].Single());
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync(unsubscribe.Replace("/unsubscribe/", "/feedback/"), new FormUrlEncodedContent([]))).StatusCode);
    }

    [Fact]
    public async Task A_preview_writes_the_digest_as_html_and_records_nothing()
    {
        await using var world = await DigestWorld.StartAsync();
        await world.AddUserAsync("ada", "ada@example.org", DigestCadence.Daily, "UTC", 0, 1);
        var file = Path.Combine(world.Smtp.DataDirectory, "preview.html");

        await using (var generator = new DigestGenerator(world.Options()))
        {
            var model = await generator.PreviewAsync("ada", file);
            Assert.Equal(DigestWorld.PapersPerTopic, model.Papers.Count);
        }

        var html = WebUtility.HtmlDecode(await File.ReadAllTextAsync(file));
        Assert.All(await world.FeedAsync("ada"), item => Assert.Contains(item.Paper.Title, html, StringComparison.Ordinal));
        // Nothing was claimed or marked sent: the real digest still goes out with every paper.
        Assert.Equal(1, (await world.RunAsync(world.Options(now: true))).Sent);
        Assert.Equal(DigestWorld.PapersPerTopic, DigestEndToEndTests.Links(world.Mailboxes()["ada@example.org"].Single().TextBody, "Save: ").Count());
    }

    private static async Task AssertDigest(DigestWorld world, MimeMessage message, string userId, string period)
    {
        var feed = await world.FeedAsync(userId);
        Assert.NotEmpty(feed);
        Assert.Contains(period, message.Subject, StringComparison.Ordinal);
        Assert.StartsWith($"digest.{period}.", message.MessageId, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers[HeaderId.ListUnsubscribePost]);
        Assert.StartsWith($"http://127.0.0.1:{world.Server.HttpPort}/unsubscribe/", DigestWorld.UnsubscribeUrl(message), StringComparison.Ordinal);
        Assert.Contains("<mailto:unsubscribe@recommender.test?subject=unsubscribe>", message.Headers[HeaderId.ListUnsubscribe], StringComparison.Ordinal);
        var parts = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], parts.Select(p => p.ContentType.MimeType));
        var html = message.HtmlBody ?? "";
        var shown = WebUtility.HtmlDecode(html);
        var text = message.TextBody;
        foreach (var item in feed)
        {
            // Markup in a title arrives as text: escaped in the source, the title itself once decoded.
            Assert.Contains(">" + item.Paper.Title + "<", shown, StringComparison.Ordinal);
            Assert.Contains(item.Paper.Title, text, StringComparison.Ordinal);
        }
        Assert.Equal(feed.Count, Links(text, "Not interested: ").Count());
        Assert.All(Links(text, "Save: "), link => Assert.StartsWith($"http://127.0.0.1:{world.Server.HttpPort}/feedback/", link, StringComparison.Ordinal));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        if (feed.Any(i => i.Paper.Title == DigestWorld.HostileTitle))
        {
            Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        }
        Assert.Contains(DigestWorld.UnsubscribeUrl(message), html, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Links(string? text, string label) => (text ?? "").Split('\n')
        .Select(l => l.Trim())
        .Where(l => l.StartsWith(label, StringComparison.Ordinal))
        .Select(l => l[label.Length..]);

    private static FormUrlEncodedContent OneClick() => new([new("List-Unsubscribe", "One-Click")]);

    /// <summary>Periods and "due" change on the hour; start a scenario that depends on them well away from it.</summary>
    internal static async Task AwayFromTheHour()
    {
        var now = DateTimeOffset.UtcNow;
        if (now.Minute >= 57)
        {
            await Task.Delay(TimeSpan.FromMinutes(60 - now.Minute) - TimeSpan.FromSeconds(now.Second) + TimeSpan.FromSeconds(5));
        }
    }
}
