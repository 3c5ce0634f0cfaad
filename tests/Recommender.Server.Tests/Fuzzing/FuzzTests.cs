// 10,000 random and mangled requests across every RPC of the real server, sent as raw bytes by a
// plain gRPC call invoker: every answer must be a documented status, and the server must still
// be serving afterwards. The counts are printed, per status. They carry an admin token, so that they
// reach validation; a further batch with garbage tokens must be refused before any of it.
using Google.Protobuf.Reflection;
using Grpc.Core;
using Recommender.Api.V1;
using Recommender.Server.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Recommender.Server.Tests.Fuzzing;

public sealed class FuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Requests = 10_000;

    /// <summary>Under the anonymous rate limit's burst (bad tokens are limited per address).</summary>
    private const int GarbageTokenRequests = 150;

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    /// <summary>What a caller may get back for a request that is wrong in any way; never UNKNOWN (an unhandled exception).</summary>
    private static readonly StatusCode[] Documented =
        [StatusCode.OK, StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.FailedPrecondition, StatusCode.ResourceExhausted];

    private readonly string data = Directory.CreateTempSubdirectory("recommender-fuzz-").FullName;

    public void Dispose() => Directory.Delete(data, recursive: true);

    [Fact]
    public async Task Ten_thousand_random_and_mangled_requests_get_documented_statuses_and_leave_the_server_serving()
    {
        await using var server = ServerProcess.Embedded(data);
        await server.StartAsync();
        var invoker = server.Channel.CreateCallInvoker();
        var methods = new[] { PapersReflection.Descriptor, TopicsReflection.Descriptor, UsersReflection.Descriptor, FeedsReflection.Descriptor, DigestsReflection.Descriptor, EventsReflection.Descriptor, ModelsReflection.Descriptor }
            .SelectMany(file => file.Services).SelectMany(service => service.Methods).ToArray();
        var fuzzer = new RequestFuzzer(seed: 20261126);
        var random = new Random(7);
        var counts = new Dictionary<string, int>();
        var undocumented = new List<string>();

        for (var i = 0; i < Requests; i++)
        {
            var method = methods[random.Next(methods.Length)];
            var (bytes, mangled) = fuzzer.Next(method.InputType);
            var (status, detail) = await Call(invoker, method, bytes);
            var key = $"{status}{(mangled ? " (mangled)" : "")}";
            counts[key] = counts.GetValueOrDefault(key) + 1;
            // Bytes that are not a message at all fail in the framework's parser, before any of our
            // code: grpc-dotnet answers UNKNOWN ("Exception was thrown by handler"), as the README says.
            var documented = Documented.Contains(status) || (mangled && status == StatusCode.Unknown);
            if (!documented && undocumented.Count < 10)
            {
                undocumented.Add($"{method.FullName}: {status}: {detail[..Math.Min(300, detail.Length)]}");
            }
        }

        foreach (var (status, count) in counts.OrderByDescending(c => c.Value))
        {
            output.WriteLine($"{status}: {count}");
        }
        if (undocumented.Count > 0)
        {
            undocumented.ForEach(line => output.WriteLine("undocumented: " + line));
            output.WriteLine(server.Output());
        }
        Assert.Empty(undocumented);
        // Unparsable messages fail in grpc-dotnet's handler, which logs each as an error with a stack trace;
        // the server's log throttle keeps a few a minute (about 1,900 lines of errors before it).
        var handlerErrors = System.Text.RegularExpressions.Regex.Matches(server.Output(), "fail: Grpc.AspNetCore.Server.ServerCallHandler").Count;
        output.WriteLine($"gRPC handler errors logged: {handlerErrors}");
        Assert.InRange(handlerErrors, 1, 50);

        var garbage = GarbageTokens(server).ToArray();
        var admitted = new List<string>();
        for (var i = 0; i < GarbageTokenRequests; i++)
        {
            var method = methods[random.Next(methods.Length)];
            var token = garbage[i % garbage.Length];
            var (status, detail) = await Call(server.As(token), method, fuzzer.Next(method.InputType).Bytes);
            if (status != StatusCode.Unauthenticated)
            {
                admitted.Add($"{method.FullName} with '{token[..Math.Min(40, token.Length)]}': {status} {detail}");
            }
        }
        output.WriteLine($"garbage tokens: {GarbageTokenRequests} requests, {GarbageTokenRequests - admitted.Count} UNAUTHENTICATED");
        Assert.Empty(admitted);
        // A server that stopped answering must fail the test, not hang the run.
        var health = await new Grpc.Health.V1.Health.HealthClient(server.Channel)
            .CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        await new Users.UsersClient(server.Channel)
            .UpsertUserAsync(new UpsertUserRequest { User = new User { Id = "after-fuzz" } }, deadline: DateTime.UtcNow.AddSeconds(30));
    }

    /// <summary>Random bytes, a cut and a tampered real token, an unsigned one ("alg": "none"), an expired one.</summary>
    private static IEnumerable<string> GarbageTokens(ServerProcess server)
    {
        var random = new Random(11);
        var real = server.Token("fuzz", "admin");
        var parts = real.Split('.');
        yield return Convert.ToBase64String(random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 64));
        yield return real[..(real.Length / 2)];
        yield return $"{parts[0]}.{parts[1]}.{new string(parts[2].Reverse().ToArray())}";
        yield return $"{Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts[1]}.";
        yield return TestTokens.Mint(server.KeyFile, "fuzz", "admin", TimeSpan.FromMinutes(1), DateTime.UtcNow.AddDays(-1));
        yield return new string('A', 8 * 1024);
        yield return "Bearer";
    }

    private static string Base64Url(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>How long any one call may take: its deadline, and the token every await of it observes.</summary>
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(30);

    private static async Task<(StatusCode, string)> Call(CallInvoker invoker, MethodDescriptor method, byte[] request)
    {
        // The deadline alone did not always end a stalled request-stream write (a full run once sat
        // idle here for 15 minutes): every await also observes a token, and a step that still does
        // not end fails the test with the method's name instead of hanging the run.
        using var limit = new CancellationTokenSource(CallLimit);
        var options = new CallOptions(deadline: DateTime.UtcNow.Add(CallLimit), cancellationToken: limit.Token);
        var guard = CallLimit + TimeSpan.FromSeconds(15);
        try
        {
            if (method.IsClientStreaming)
            {
                var definition = new Method<byte[], byte[]>(MethodType.DuplexStreaming, method.Service.FullName, method.Name, Raw, Raw);
                using var call = invoker.AsyncDuplexStreamingCall(definition, null, options);
                try
                {
                    await call.RequestStream.WriteAsync(request, limit.Token).WaitAsync(guard);
                    await call.RequestStream.CompleteAsync().WaitAsync(guard);
                }
                catch (Exception e) when (e is RpcException or OperationCanceledException or TimeoutException)
                {
                    // The server may end the call while the request is still being sent (an
                    // oversized message): its answer is the status the response stream ends with.
                }
                while (await call.ResponseStream.MoveNext(limit.Token).WaitAsync(guard))
                {
                }
            }
            else if (method.IsServerStreaming)
            {
                // A watch runs until the client leaves: its first event (or its error) is the answer.
                var definition = new Method<byte[], byte[]>(MethodType.ServerStreaming, method.Service.FullName, method.Name, Raw, Raw);
                using var call = invoker.AsyncServerStreamingCall(definition, null, options, request);
                await call.ResponseStream.MoveNext(limit.Token).WaitAsync(guard);
            }
            else
            {
                var definition = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, Raw, Raw);
                await invoker.AsyncUnaryCall(definition, null, options, request).ResponseAsync.WaitAsync(guard);
            }
            return (StatusCode.OK, "");
        }
        catch (RpcException e)
        {
            return (e.StatusCode, e.Status.Detail);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // No answer within the limit: not a documented status, so the test names the method.
            return (StatusCode.DeadlineExceeded, $"no answer within {CallLimit.TotalSeconds:N0} s ({e.GetType().Name})");
        }
    }
}
