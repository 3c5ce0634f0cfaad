// The generator when things break: the SMTP server refuses for a while or is down, or the
// generator itself is killed mid-run. Nothing is lost, and nothing is mailed twice except in
// the one window the ledger cannot close (accepted by SMTP, not yet recorded), where the copy
// carries the same Message-ID.
using Recommender.Api.V1;

namespace Recommender.Digests.Tests.EndToEnd;

public sealed class DigestFailureTests
{
    [Fact]
    public async Task Temporary_refusals_are_retried_with_backoff_and_the_mail_goes_out_when_they_stop()
    {
        await using var world = await DigestWorld.StartAsync();
        await world.AddUserAsync("ada", "ada@example.org", DigestCadence.Daily, "UTC", 0, 0);
        world.Smtp.TemporaryFailure(true);

        var run = world.RunAsync(Retrying(world, attempts: 50));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(0, world.Smtp.Count);
        world.Smtp.TemporaryFailure(false);

        Assert.Equal(1, (await run).Sent);
        Assert.Single(world.Mailboxes()["ada@example.org"]);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_and_the_mail_goes_out_when_the_server_is_back()
    {
        await using var world = await DigestWorld.StartAsync();
        await world.AddUserAsync("ada", "ada@example.org", DigestCadence.Daily, "UTC", 0, 0);
        await world.Smtp.StopAsync();

        var run = world.RunAsync(Retrying(world, attempts: 50));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await world.Smtp.StartAsync();

        Assert.Equal(1, (await run).Sent);
        Assert.Single(world.Mailboxes()["ada@example.org"]);
    }

    [Fact]
    public async Task A_digest_deferred_after_its_retries_is_sent_by_a_later_pass()
    {
        await using var world = await DigestWorld.StartAsync();
        await world.AddUserAsync("ada", "ada@example.org", DigestCadence.Daily, "UTC", 0, 0);
        await world.Smtp.StopAsync();

        Assert.Equal(1, (await world.RunAsync(Retrying(world, attempts: 2))).Deferred);
        await world.Smtp.StartAsync();
        // Handed back with a retry time (the last back-off, rounded up to a second); nobody takes it before then.
        Assert.Equal(0, (await world.RunAsync(Retrying(world, attempts: 2))).Claimed);
        await Task.Delay(TimeSpan.FromSeconds(1.2));

        Assert.Equal(1, (await world.RunAsync(Retrying(world, attempts: 2))).Sent);
        Assert.Single(world.Mailboxes()["ada@example.org"]);
    }

    [Fact]
    public async Task A_generator_killed_mid_run_loses_nothing_and_a_restart_completes_the_rest()
    {
        await using var world = await DigestWorld.StartAsync();
        const int users = 24;
        for (var i = 0; i < users; i++)
        {
            await world.AddUserAsync($"user-{i:D2}", $"user-{i:D2}@example.org", DigestCadence.Daily, "UTC", 0, i);
        }
        world.Smtp.Delay(0.2);
        string[] arguments =
        [
            // The tool mints its service token from the server's key file.
            "--server", world.Server.GrpcAddress, "--key", world.Server.KeyFile, "digest", "run", "--smtp", world.Smtp.Address.ToString(),
            "--now", "--concurrency", "2", "--lease", "10", "--papers", DigestWorld.PapersPerDigest.ToString(),
        ];

        var log = "";
        using (var doomed = CliProcess.Start(arguments))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (world.Smtp.Count < 4 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            await doomed.KillAsync();
            log = doomed.Output;
        }
        Assert.True(world.Mailboxes().Count is >= 4 and < users, log);
        world.Smtp.Delay(0);

        // The killed run's leases run out after 10 s; until then a restart finds nothing to claim.
        for (var restart = 0; restart < 8 && world.Mailboxes().Count < users; restart++)
        {
            using var again = CliProcess.Start(arguments);
            Assert.True(await again.WaitAsync() == 0, again.Output);
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        var mail = world.Mailboxes();
        Assert.Equal(users, mail.Count);
        Assert.All(mail.Values, copies => Assert.Single(copies.Select(m => m.MessageId).Distinct()));
        // Only a digest in flight when the generator died (at most --concurrency of them) may arrive twice.
        Assert.InRange(mail.Values.Count(copies => copies.Count > 1), 0, 2);
    }

    private static GeneratorOptions Retrying(DigestWorld world, int attempts) => world.Options(now: true) with
    {
        SendAttempts = attempts,
        RetryDelay = TimeSpan.FromMilliseconds(100),
        MaxRetryDelay = TimeSpan.FromMilliseconds(400),
    };
}
