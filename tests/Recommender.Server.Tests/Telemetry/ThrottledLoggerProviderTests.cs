// The log throttle in front of the console: a repeated warning is written a few times a minute, then summarized.
using Microsoft.Extensions.Logging;
using Recommender.Server.Telemetry;

namespace Recommender.Server.Tests.Telemetry;

public sealed class ThrottledLoggerProviderTests
{
    private readonly ManualClock clock = new();
    private readonly RecordingProvider recorded = new();

    private ILogger Logger(string category = "Grpc.AspNetCore.Server.ServerCallHandler") =>
        new ThrottledLoggerProvider(recorded, new LogThrottle(clock, perWindow: 3, window: TimeSpan.FromMinutes(1))).CreateLogger(category);

    [Fact]
    public void A_repeated_error_is_written_three_times_a_window_with_one_stack_trace_then_summarized()
    {
        var logger = Logger();
        for (var i = 0; i < 100; i++)
        {
            logger.LogError(new InvalidDataException($"bad message {i}"), "Error when executing service method '{Method}'.", "GetFeed");
        }

        Assert.Equal(3, recorded.Lines.Count);
        Assert.NotNull(recorded.Lines[0].Exception);
        Assert.All(recorded.Lines.Skip(1), line => Assert.Null(line.Exception));
        Assert.Contains("InvalidDataException: bad message 1", recorded.Lines[1].Message);

        clock.Advance(TimeSpan.FromSeconds(61));
        logger.LogError(new InvalidDataException("bad message again"), "Error when executing service method '{Method}'.", "GetFeed");

        Assert.Equal(5, recorded.Lines.Count);
        Assert.Equal("97 similar lines suppressed in the last 60 s", recorded.Lines[3].Message);
        Assert.NotNull(recorded.Lines[4].Exception);
    }

    [Fact]
    public void Different_messages_and_categories_are_limited_apart_and_information_is_never_limited()
    {
        var grpc = Logger();
        var health = Logger("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService");
        for (var i = 0; i < 10; i++)
        {
            grpc.LogWarning("first kind {N}", i);
            grpc.LogWarning("second kind {N}", i);
            health.LogWarning("first kind {N}", i);
            grpc.LogInformation("information {N}", i);
        }

        Assert.Equal(3, recorded.Lines.Count(l => l.Message.StartsWith("first kind") && l.Category.StartsWith("Grpc")));
        Assert.Equal(3, recorded.Lines.Count(l => l.Message.StartsWith("second kind")));
        Assert.Equal(3, recorded.Lines.Count(l => l.Category.StartsWith("Microsoft")));
        Assert.Equal(10, recorded.Lines.Count(l => l.Message.StartsWith("information")));
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }

    private sealed record Line(string Category, LogLevel Level, string Message, Exception? Exception);

    private sealed class RecordingProvider : ILoggerProvider
    {
        public List<Line> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Recorder(RecordingProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Add(new Line(category, logLevel, formatter(state, exception), exception));
        }
    }
}
