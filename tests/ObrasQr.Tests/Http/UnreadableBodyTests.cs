using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.Auth;
using ObrasQr.Http;
using ObrasQr.Tests.Staff;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Http;

/// <summary>A body cut short (a dropped mobile connection) or sent too slowly is the sender's problem, said in Spanish
/// on every route that reads a form: never a 500.</summary>
public abstract class UnreadableBodyTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : UnreadableBodyTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : UnreadableBodyTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    readonly ObrasQrFactory factory = factory.Unlimited();

    /// <summary>A multipart body that stops inside a photo's part, with no closing boundary.</summary>
    static HttpContent Truncated(string csrf = "")
    {
        var text = "--corte\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf + "\r\n" +
                   "--corte\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nSe cortó la conexión\r\n" +
                   "--corte\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n";
        var body = new ByteArrayContent([.. Encoding.UTF8.GetBytes(text), 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=corte");
        return body;
    }

    static async Task AssertSaidInSpanish(HttpResponseMessage response, bool api)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(api ? "application/problem+json" : "text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("incompleto", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("/o/" + ContractId + "/reportes", false)]
    [InlineData("/api/contracts/" + ContractId + "/reports", true)]
    [InlineData("/seguimiento", false)]
    [InlineData("/escritorio/entrar", false)]
    public async Task A_truncated_multipart_body_to_an_open_route_is_a_400_in_spanish(string path, bool api) =>
        await AssertSaidInSpanish(await factory.CreateClient().PostAsync(path, Truncated()), api);

    [Theory]
    [InlineData("/api/exports")]
    [InlineData("/api/contracts/" + ContractId + "/avances")]
    public async Task A_truncated_multipart_body_to_an_office_api_is_a_400_problem(string path) =>
        await AssertSaidInSpanish(await factory.ClientWithKey(ObrasQrFactory.OfficeKey).PostAsync(path, Truncated()), api: true);

    [Theory]
    [InlineData("/escritorio/obras/" + ContractId + "/avance")]
    [InlineData("/escritorio/obras/nueva")]
    [InlineData("/escritorio/personal")]
    public async Task A_truncated_multipart_body_to_a_desk_form_is_a_400_page(string path)
    {
        var email = $"corte-{Guid.NewGuid():N}@example.com";
        await DeskSession.AccountAsync(factory, email, Roles.Admin);
        var desk = new DeskSession(factory);
        await desk.SignInAsync(email);

        await AssertSaidInSpanish(await desk.Client.PostAsync(path, Truncated(await desk.DeskCsrfAsync())), api: false);
    }

    [Theory]
    [InlineData("ReportSubmitApi", "application/problem+json")]
    [InlineData("ReportSubmitForm", "text/html")]
    public async Task A_body_too_slow_for_the_server_is_a_408_not_a_500(string route, string contentType)
    {
        // What Kestrel throws when a body arrives under MinRequestBodyDataRate (a real slow connection cannot be made
        // reliably in a test; this is the exception every reader meets).
        using var scope = factory.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = "POST";
        context.Request.ContentType = "multipart/form-data; boundary=lento";
        context.Request.Body = new SlowBody();
        context.Response.Body = new MemoryStream();

        await RouteRules.RunAsync(context, HttpContract.Named(route), async c => await c.Request.ReadFormAsync());

        Assert.Equal(StatusCodes.Status408RequestTimeout, context.Response.StatusCode);
        Assert.StartsWith(contentType, context.Response.ContentType);
        Assert.Contains("demasiado lento", Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    sealed class SlowBody : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            throw new BadHttpRequestException("Reading the request body timed out due to data arriving too slowly.", StatusCodes.Status408RequestTimeout);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            throw new BadHttpRequestException("Reading the request body timed out due to data arriving too slowly.", StatusCodes.Status408RequestTimeout);
    }
}
