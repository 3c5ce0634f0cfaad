// Group commit: writes that wait while one commits go in together, a failure fails only its
// own group, and a single-writer setting never runs two commits at once.
using Recommender.Storage.Schema;

namespace Recommender.Storage.Tests.Schema;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Writes_that_arrive_while_one_commits_are_committed_together_in_order()
    {
        var groups = new List<int[]>();
        var firstStarted = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        var commits = new GroupCommit<int>(async group =>
        {
            lock (groups)
            {
                groups.Add(group.ToArray());
            }
            if (group[0] == 0)
            {
                firstStarted.SetResult();
                await releaseFirst.Task;
            }
        });

        var first = commits.WriteAsync(0);
        await firstStarted.Task;
        var rest = Enumerable.Range(1, 10).Select(commits.WriteAsync).ToArray();
        Assert.DoesNotContain(rest, t => t.IsCompleted);
        releaseFirst.SetResult();
        await Task.WhenAll(rest.Append(first));

        Assert.Equal([[0], Enumerable.Range(1, 10).ToArray()], groups);
    }

    [Fact]
    public async Task A_failed_commit_fails_its_own_writes_and_later_writes_still_commit()
    {
        var committed = new List<int>();
        var commits = new GroupCommit<int>(group =>
        {
            if (group.Contains(13))
            {
                throw new InvalidOperationException("disk full");
            }
            committed.AddRange(group);
            return Task.CompletedTask;
        });

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => commits.WriteAsync(13));
        await commits.WriteAsync(14);

        Assert.Equal("disk full", failed.Message);
        Assert.Equal([14], committed);
    }

    [Fact]
    public async Task With_one_commit_in_flight_commits_never_overlap_and_every_write_is_committed_once()
    {
        var running = 0;
        var overlaps = 0;
        var committed = new List<int>();
        var commits = new GroupCommit<int>(async group =>
        {
            if (Interlocked.Increment(ref running) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }
            await Task.Delay(1);
            lock (committed)
            {
                committed.AddRange(group);
            }
            Interlocked.Decrement(ref running);
        }, maxGroup: 16, maxCommitsInFlight: 1);

        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(() => commits.WriteAsync(i))));

        Assert.Equal(0, overlaps);
        Assert.Equal(Enumerable.Range(0, 2000), committed.Order());
    }
}
