// Renders the HTML part: the Razor components through HtmlRenderer (which encodes every value),
// then the stylesheet moved inline (styles computed once by PreMailer, see InlineStyles).
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
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
        return "<!DOCTYPE html>\n" + InlineStyles.Apply(html);
    }

    public async ValueTask DisposeAsync()
    {
        await renderer.DisposeAsync();
        await services.DisposeAsync();
    }
}
