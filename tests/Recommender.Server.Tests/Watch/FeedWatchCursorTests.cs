// WatchFeed cursors: what goes in comes out, and what the server did not issue is refused.
using Recommender.Server.Watch;

namespace Recommender.Server.Tests.Watch;

public sealed class FeedWatchCursorTests
{
    [Fact]
    public void A_cursor_gives_back_the_positions_it_was_made_from()
    {
        long[] positions = [0, 1, 127, 128, 300_000, 5_000_000_000, 42];
        Assert.Equal(positions.Order(), FeedWatchCursor.Decode(FeedWatchCursor.Encode(positions))!.Order());
        Assert.Empty(FeedWatchCursor.Decode(FeedWatchCursor.Encode([]))!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AgE")]
    [InlineData("AYCAgICAgICAgICAAQ")]
    [InlineData("AYA")]
    public void Text_the_server_did_not_issue_is_not_a_cursor(string cursor) => Assert.Null(FeedWatchCursor.Decode(cursor));
}
