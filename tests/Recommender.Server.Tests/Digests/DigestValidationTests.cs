// Digest settings are refused with INVALID_ARGUMENT naming the field.
using Grpc.Core;
using Recommender.Server.Digests;

namespace Recommender.Server.Tests.Digests;

public sealed class DigestValidationTests
{
    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Pacific Standard Time")]
    [InlineData("+02:00")]
    [InlineData("")]
    public void A_time_zone_that_is_not_an_iana_id_is_refused(string zone)
    {
        var e = Assert.Throws<RpcException>(() => DigestValidation.TimeZone(zone, "user.time_zone"));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith("user.time_zone:", e.Status.Detail);
    }

    [Fact]
    public void Iana_time_zones_are_accepted()
    {
        Assert.Equal("Europe/Berlin", DigestValidation.TimeZone("Europe/Berlin", "f"));
        Assert.Equal("UTC", DigestValidation.TimeZone("UTC", "f"));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(24)]
    public void A_send_hour_outside_the_day_is_refused(int hour)
    {
        var e = Assert.Throws<RpcException>(() => DigestValidation.Hour(hour, "user.digest_send_hour"));
        Assert.StartsWith("user.digest_send_hour:", e.Status.Detail);
    }

    [Theory]
    [InlineData("ada")]
    [InlineData("ada@")]
    [InlineData("@example.org")]
    [InlineData("ada@localhost")]
    [InlineData("a da@example.org")]
    [InlineData("ada@example..org")]
    [InlineData("ada..b@example.org")]
    [InlineData("ada@-example.org")]
    [InlineData("Ada <ada@example.org>")]
    public void An_email_of_the_wrong_shape_is_refused(string email)
    {
        var e = Assert.Throws<RpcException>(() => DigestValidation.Email(email, "user.email"));
        Assert.StartsWith("user.email:", e.Status.Detail);
    }

    [Theory]
    [InlineData("ada@example.org")]
    [InlineData("ada.lovelace+papers@mail.example.co.uk")]
    [InlineData("")]
    public void Emails_of_the_right_shape_or_none_are_accepted(string email) =>
        Assert.Equal(email, DigestValidation.Email(email, "user.email"));
}
