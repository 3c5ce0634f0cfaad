// Renders the HTML part: the Razor components through HtmlRenderer (which encodes every value),
// then PreMailer to move the CSS inline.
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PreMailer.Net;
using Recommender.Digests.Templates;

namespace Recommender.Digests.Rendering;

public sealed class DigestHtml : IAsyncDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddLogging().BuildServiceProvider();
    private readonly HtmlRenderer renderer;

    public DigestHtml() => renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);

    public async Task<string> RenderAsync(DigestModel model)
    {
        var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(DigestEmail.Model)] = model });
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<DigestEmail>(parameters)).ToHtmlString());
        return Inline("<!DOCTYPE html>\n" + html);
    }

    /// <summary>CSS into style attributes; the &lt;style&gt; block goes, as mail clients would drop it anyway.</summary>
    public static string Inline(string html) =>
        PreMailer.Net.PreMailer.MoveCssInline(html, removeStyleElements: true, stripIdAndClassAttributes: true).Html;

    public async ValueTask DisposeAsync()
    {
        await renderer.DisposeAsync();
        await services.DisposeAsync();
    }
}
