// Wraps a log provider (the console) so that a warning or error repeated by every request of an
// outage (Redis down, PostgreSQL down, a flood of unparsable gRPC messages) is written a few times a
// minute, with one stack trace, and a summary of how many similar lines were left out.
namespace Recommender.Server.Telemetry;

public sealed class ThrottledLoggerProvider(ILoggerProvider inner, LogThrottle throttle) : ILoggerProvider, ISupportExternalScope
{
    public ILogger CreateLogger(string categoryName) => new ThrottledLogger(inner.CreateLogger(categoryName), categoryName, throttle);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider)
    {
        if (inner is ISupportExternalScope scoped)
        {
            scoped.SetScopeProvider(scopeProvider);
        }
    }

    public void Dispose() => inner.Dispose();

    /// <summary>Wraps every log provider registered so far (call after the last one is added).</summary>
    public static void WrapAll(IServiceCollection services, LogThrottle throttle)
    {
        var providers = services.Where(d => d.ServiceType == typeof(ILoggerProvider) && !d.IsKeyedService).ToArray();
        foreach (var descriptor in providers)
        {
            services.Remove(descriptor);
            services.Add(ServiceDescriptor.Singleton<ILoggerProvider>(sp => new ThrottledLoggerProvider(Create(descriptor, sp), throttle)));
        }
    }

    private static ILoggerProvider Create(ServiceDescriptor descriptor, IServiceProvider services) =>
        (ILoggerProvider)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    private sealed class ThrottledLogger(ILogger inner, string category, LogThrottle throttle) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Information and below are never repeated per request (see LoggingDefaults), so only warnings and worse are limited.
            if (logLevel < LogLevel.Warning || !inner.IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }
            var kind = $"{category}[{eventId.Id}] {Template(state)}";
            if (!throttle.TryEnter(kind, out var first, out var suppressed))
            {
                return;
            }
            if (suppressed > 0)
            {
                inner.Log(logLevel, eventId, $"{suppressed} similar lines suppressed in the last {throttle.Window.TotalSeconds:0} s",
                    null, (message, _) => message);
            }
            // Later lines of a window name the error without its stack trace.
            if (first)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
            else
            {
                inner.Log(logLevel, eventId, state, null, (s, _) => WithError(formatter(s, exception), exception));
            }
        }

        private static string Template<TState>(TState state) =>
            state is IReadOnlyList<KeyValuePair<string, object?>> values
                && values.FirstOrDefault(v => v.Key == "{OriginalFormat}").Value is string template
                ? template
                : typeof(TState).Name;

        private static string WithError(string message, Exception? exception) =>
            exception is null ? message : $"{message} ({exception.GetType().Name}: {exception.Message})";
    }
}
