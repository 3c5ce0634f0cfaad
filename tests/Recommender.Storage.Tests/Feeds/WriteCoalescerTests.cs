// The fan-out's write queue on its own: one write in flight per user, what arrives meanwhile merged
// into that user's next write, and batches no larger than asked.
using Recommender.Storage.Feeds;

namespace Recommender.Storage.Tests.Feeds;

public sealed class WriteCoalescerTests
{
    /// <summary>A writer that records each batch and answers it only when the test releases it.</summary>
    private sealed class HeldWriter
    {
        private readonly Lock gate = new();
        private readonly List<(QueuedWrite[] Batch, TaskCompletionSource<float?[]> Answer)> calls = [];

        public Task<float?[]> Write(IReadOnlyList<QueuedWrite> batch)
        {
            var answer = new TaskCompletionSource<float?[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (gate)
            {
                calls.Add((batch.ToArray(), answer));
            }
            return answer.Task;
        }

        public QueuedWrite[][] Batches
        {
            get
            {
                lock (gate)
                {
                    return calls.Select(c => c.Batch).ToArray();
                }
            }
        }

        /// <summary>Waits until the writer has been called <paramref name="count"/> times; fails after 10 s.</summary>
        public async Task Called(int count)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Batches.Length < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the writer was called {Batches.Length} times, not {count}");
                await Task.Delay(5);
            }
        }

        /// <summary>Answers call <paramref name="index"/>, each user's answer the number of items its write carried.</summary>
        public void Answer(int index)
        {
            (QueuedWrite[] Batch, TaskCompletionSource<float?[]> Answer) call;
            lock (gate)
            {
                call = calls[index];
            }
            call.Answer.SetResult(call.Batch.Select(w => (float?)w.Items.Length).ToArray());
        }
    }

    private static FeedItem[] Items(params long[] positions) =>
        positions.Select(p => RedisFeedStoreTests.Item(p, 0.5f)).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Items_queued_for_a_user_while_its_write_is_in_flight_go_together_in_one_write_after_it_is_answered(bool withSlot)
    {
        var writer = new HeldWriter();
        var coalescer = new WriteCoalescer(writer.Write, maxInFlight: 4, maxBatch: () => 8);
        // The fan-out writes with the user's slot; other writers without one.
        var slot = withSlot ? new FeedSlot() : null;

        var first = coalescer.Add("ada", Items(1), slot);
        await writer.Called(1);
        var second = coalescer.Add("ada", Items(2), slot);
        var third = coalescer.Add("ada", Items(3, 4), slot);
        await Task.Delay(100);

        Assert.Single(writer.Batches);
        writer.Answer(0);
        Assert.Equal(1f, await first);
        await writer.Called(2);
        Assert.Equal([2L, 3L, 4L], writer.Batches[1].Single(w => w.UserId == "ada").Items.Select(i => i.Position));
        writer.Answer(1);
        Assert.Equal(3f, await second);
        Assert.Equal(3f, await third);
    }

    [Fact]
    public async Task Waiting_users_go_in_batches_no_larger_than_asked_each_user_once_and_others_are_not_held_behind_a_user_in_flight()
    {
        var writer = new HeldWriter();
        var coalescer = new WriteCoalescer(writer.Write, maxInFlight: 1, maxBatch: () => 3);

        var held = coalescer.Add("ada", Items(1));
        await writer.Called(1);
        // Queued behind the one batch in flight: ada again, and seven others.
        var later = new[] { coalescer.Add("ada", Items(2)) }
            .Concat(Enumerable.Range(0, 7).Select(u => coalescer.Add($"user-{u}", Items(10 + u)))).ToArray();
        writer.Answer(0);
        await held;
        for (var call = 1; call < 4; call++)
        {
            await writer.Called(call + 1);
            writer.Answer(call);
        }
        await Task.WhenAll(later);

        var batches = writer.Batches;
        Assert.Equal(4, batches.Length);
        Assert.All(batches, batch => Assert.InRange(batch.Length, 1, 3));
        Assert.All(batches, batch => Assert.Equal(batch.Length, batch.Select(w => w.UserId).Distinct().Count()));
        Assert.Equal(["ada", "ada", "user-0", "user-1", "user-2", "user-3", "user-4", "user-5", "user-6"],
            batches.SelectMany(b => b).Select(w => w.UserId).Order(StringComparer.Ordinal));
        Assert.All(later, task => Assert.Equal(1f, task.Result));
    }
}
