// REST beside gRPC on the HTTP/1.1 port: gRPC JSON transcoding of the annotated RPCs (so REST
// runs through the same services, interceptors and checks), the OpenAPI document of those routes
// at /swagger/v1/swagger.json, the web app at /app/, and 304 answers for unchanged feed pages.
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.OpenApi.Models;
using Recommender.Server.Api;
using Recommender.Server.Hosting;

namespace Recommender.Server.Web;

public static class RestHosting
{
    public static void AddRest(this WebApplicationBuilder builder)
    {
        builder.Services.AddGrpcSwagger();
        builder.Services.AddSwaggerGen(o => o.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "Recommender",
            Version = "v1",
            Description = "REST mapping of the recommender.v1 gRPC services (the protos in proto/ are the reference).",
        }));
    }

    public static void MapRest(this WebApplication app)
    {
        var httpPort = $"*:{app.Services.GetRequiredService<ServerSettings>().HttpPort}";
        app.Use(NotModified);
        // The app and the API's description are public (the app asks for the token itself):
        // endpoints of their own, so an authorization fallback policy can be lifted for them alone.
        var web = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "web"));
        var types = new FileExtensionContentTypeProvider();
        app.MapGet("/app/{**file}", (HttpContext context, string? file) =>
        {
            // Routing treats "/app" as "/app/"; the app's relative links need the slash.
            if (context.Request.Path.Value == "/app")
            {
                return Results.Redirect("/app/");
            }
            var found = web.GetFileInfo(string.IsNullOrEmpty(file) ? "index.html" : file);
            return found is { Exists: true, IsDirectory: false, PhysicalPath: { } path }
                ? Results.File(path, types.TryGetContentType(path, out var type) ? type : "application/octet-stream", lastModified: found.LastModified)
                : Results.NotFound();
        }).AllowAnonymous().RequireHost(httpPort);
        app.MapSwagger().AllowAnonymous().RequireHost(httpPort);
    }

    /// <summary>
    /// A transcoded GetFeed whose caller already has the page (FeedETags marked it) is answered
    /// 304 with no body: the status is changed just before the headers go out, and the JSON the
    /// transcoder writes is dropped.
    /// </summary>
    private static async Task NotModified(HttpContext context, Func<Task> next)
    {
        if (context.Request.Headers.IfNoneMatch.Count == 0 || context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            await next();
            return;
        }
        var body = context.Response.Body;
        var notModified = () => context.Items.ContainsKey(FeedETags.NotModifiedItem);
        context.Response.OnStarting(() =>
        {
            if (notModified() && context.Response.StatusCode == StatusCodes.Status200OK)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                context.Response.ContentType = null;
                context.Response.ContentLength = null;
            }
            return Task.CompletedTask;
        });
        context.Response.Body = new DroppingStream(body, notModified);
        try
        {
            await next();
        }
        finally
        {
            context.Response.Body = body;
        }
    }

    /// <summary>Passes writes through, or drops them once <c>drop</c> says so.</summary>
    private sealed class DroppingStream(Stream inner, Func<bool> drop) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (!drop())
            {
                inner.Write(buffer, offset, count);
            }
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            drop() ? ValueTask.CompletedTask : inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
