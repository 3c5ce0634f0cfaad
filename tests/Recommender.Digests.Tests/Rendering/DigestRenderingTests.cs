// The digest as a mail: both parts, escaping of paper fields, headers, reasons in words.
using MimeKit;
using Recommender.Api.V1;
using Recommender.Digests.Rendering;

namespace Recommender.Digests.Tests.Rendering;

public sealed class DigestRenderingTests
{
    private const string Hostile = "Attention <script>alert('x')</script> & \"friends\"";

    private static DigestModel Model(params DigestPaper[] papers) => new()
    {
        UserId = "ada",
        Email = "ada@example.org",
        DisplayName = "Ada <Admin>",
        Period = "2026-11-26",
        UnsubscribeUrl = "https://digest.example/unsubscribe/TOKEN",
        Papers = papers,
    };

    private static DigestPaper Paper(string id, string title) => new()
    {
        Id = id,
        Title = title,
        Authors = ["Grace Hopper", "Alan <b>Turing</b>", "Edsger Dijkstra"],
        AuthorCount = 7,
        PublishedAt = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero),
        Reasons = ["You follow graph-learning"],
        OpenUrl = $"https://papers.example/{id}",
        SaveUrl = $"https://digest.example/feedback/save-{id}",
        NotInterestedUrl = $"https://digest.example/feedback/hide-{id}",
    };

    [Fact]
    public async Task A_title_with_markup_shows_as_text_in_the_html_part()
    {
        await using var renderer = new DigestHtml();
        var html = await renderer.RenderAsync(Model(Paper("p1", Hostile)));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>Turing", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<Admin>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Ada &lt;Admin&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_css_is_inlined_and_the_style_block_removed()
    {
        await using var renderer = new DigestHtml();
        var html = await renderer.RenderAsync(Model(Paper("p1", "Plain title")));

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.Contains("style=\"", html, StringComparison.Ordinal);
        Assert.Contains("width: 600px", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" class=", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Inlined_styles_follow_the_cascade_of_a_class_list_and_unknown_classes_fail_loudly()
    {
        var quiet = InlineStyles.Apply("<a class=\"button button-quiet\" href=\"x\">");

        Assert.DoesNotContain("class=", quiet, StringComparison.Ordinal);
        Assert.Contains("border-color: #9ca3af", quiet, StringComparison.Ordinal);
        Assert.Contains("padding: 6px 12px", quiet, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => InlineStyles.Apply("<p class=\"no-such-class\">"));
    }

    [Fact]
    public async Task The_message_has_both_parts_a_fixed_message_id_and_one_click_unsubscribe_headers()
    {
        await using var renderer = new DigestHtml();
        var model = Model(Paper("p1", Hostile), Paper("p2", "Second"));
        var message = DigestMessage.Build(model, await renderer.RenderAsync(model), "Digest <digest@example.org>", "digest.2026-11-26.abc@example.org", "unsubscribe@example.org", DateTimeOffset.UnixEpoch);

        // Written and read back, as a mail server would see it.
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        stream.Position = 0;
        var parsed = MimeMessage.Load(stream);

        var body = Assert.IsType<MultipartAlternative>(parsed.Body);
        Assert.Equal(["text/plain", "text/html"], body.Select(p => p.ContentType.MimeType));
        Assert.Equal("digest.2026-11-26.abc@example.org", parsed.MessageId);
        Assert.Equal("<https://digest.example/unsubscribe/TOKEN>, <mailto:unsubscribe@example.org?subject=unsubscribe>", parsed.Headers[HeaderId.ListUnsubscribe]);
        Assert.Equal("List-Unsubscribe=One-Click", parsed.Headers[HeaderId.ListUnsubscribePost]);
        Assert.Equal("ada@example.org", parsed.To.Mailboxes.Single().Address);
        var text = parsed.TextBody;
        Assert.Contains(Hostile, text, StringComparison.Ordinal);
        Assert.Contains("Grace Hopper, Alan <b>Turing</b>, Edsger Dijkstra and 4 more", text, StringComparison.Ordinal);
        Assert.Contains("Save: https://digest.example/feedback/save-p2", text, StringComparison.Ordinal);
        Assert.Contains("Unsubscribe in one click: https://digest.example/unsubscribe/TOKEN", text, StringComparison.Ordinal);
        Assert.Contains("href=\"https://digest.example/unsubscribe/TOKEN\"", parsed.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Reasons_name_the_followed_topic_saved_papers_and_trending()
    {
        var item = new FeedItem { Paper = new PaperSummary { Id = "p", Title = "t", Upvotes = 42 } };
        item.Reasons.Add("topic:graph-learning (0.42)");
        item.Reasons.Add("close to your interests (0.35)");

        Assert.Equal(["You follow graph-learning", "Close to your interests", "Trending: 42 upvotes"], DigestComposer.Reasons(item));
        Assert.Equal(["Picked for you"], DigestComposer.Reasons(new FeedItem { Paper = new PaperSummary { Id = "q", Title = "t" } }));
    }

    [Fact]
    public void Candidates_are_best_first_and_equal_scores_newest_first()
    {
        var feed = new GetFeedResponse();
        feed.Items.Add(Item("old", 0.5, 2024));
        feed.Items.Add(Item("best", 0.9, 2020));
        feed.Items.Add(Item("new", 0.5, 2026));

        Assert.Equal(["best", "new", "old"], DigestComposer.Candidates(feed).Select(i => i.Paper.Id));

        static FeedItem Item(string id, double score, int year) => new()
        {
            Score = score,
            Paper = new PaperSummary { Id = id, PublishedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc)) },
        };
    }
}
