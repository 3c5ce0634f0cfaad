// Link tokens: only the service's key makes them, and they stop working when they expire.
using System.Security.Cryptography;
using Recommender.Server.Digests;

namespace Recommender.Server.Tests.Digests;

public sealed class DigestTokensTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly DigestTokens tokens = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_token_carries_its_action_user_and_paper_until_it_expires()
    {
        var token = tokens.Issue(new LinkGrant(LinkAction.NotInterested, "ada", "2411.00001", Now.AddDays(1)));

        Assert.Equal(TokenCheck.Valid, tokens.Check(token, Now, out var grant));
        Assert.Equal(new LinkGrant(LinkAction.NotInterested, "ada", "2411.00001", DateTimeOffset.FromUnixTimeSeconds(Now.AddDays(1).ToUnixTimeSeconds())), grant);
        Assert.Equal(TokenCheck.Expired, tokens.Check(token, Now.AddDays(1), out grant));
        Assert.Null(grant);
    }

    [Fact]
    public void A_tampered_token_or_one_signed_with_another_key_is_malformed()
    {
        var token = tokens.Issue(new LinkGrant(LinkAction.Unsubscribe, "ada", "", Now.AddDays(1)));
        var other = new DigestTokens(RandomNumberGenerator.GetBytes(32)).Issue(new LinkGrant(LinkAction.Unsubscribe, "ada", "", Now.AddDays(1)));
        // The payload says "bob" but keeps ada's signature.
        var swapped = tokens.Issue(new LinkGrant(LinkAction.Unsubscribe, "bob", "", Now.AddDays(1))).Split('.')[0] + "." + token.Split('.')[1];
        var flipped = token[..5] + (token[5] == 'A' ? 'B' : 'A') + token[6..];

        foreach (var bad in new[] { other, swapped, flipped, "", ".", "garbage", token + "x", token.Split('.')[0] })
        {
            Assert.Equal(TokenCheck.Malformed, tokens.Check(bad, Now, out var grant));
            Assert.Null(grant);
        }
    }

    [Fact]
    public void The_pseudonym_is_stable_per_user_and_hides_the_id()
    {
        Assert.Equal(tokens.Pseudonym("ada"), tokens.Pseudonym("ada"));
        Assert.NotEqual(tokens.Pseudonym("ada"), tokens.Pseudonym("bob"));
        Assert.DoesNotContain("ada", tokens.Pseudonym("ada"), StringComparison.Ordinal);
    }
}
