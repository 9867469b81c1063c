using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Reports;

/// <summary>An Idempotency-Key stands for one request: the same key with anything else is not a retry.</summary>
public abstract class IdempotencyTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : IdempotencyTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : IdempotencyTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    readonly ObrasQrFactory factory = factory.Unlimited();

    async Task<HttpResponseMessage> Send(string key, object body, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/contracts/{ContractId}/reports") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await (client ?? factory.CreateClient()).SendAsync(request);
    }

    [Fact]
    public async Task Someone_elses_key_with_another_body_gets_422_and_no_tracking_code()
    {
        var key = Guid.NewGuid().ToString();
        var victim = Unique("Reporte de una ciudadana con su propia clave.");
        Assert.Equal(HttpStatusCode.Created, (await Send(key, new { category = "otro", description = victim })).StatusCode);

        var attacker = await Send(key, new { category = "otro", description = "Cualquier otro texto para obtener un código." }, factory.CreateClient());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, attacker.StatusCode);
        var body = await attacker.Content.ReadAsStringAsync();
        Assert.DoesNotContain("trackingCode", body);
        Assert.Contains("Idempotency-Key", body);
        Assert.DoesNotContain(await factory.AllAsAuditor($"contractId={ContractId}"),
            i => i.GetProperty("description").GetString()!.StartsWith("Cualquier otro texto"));
    }

    [Fact]
    public async Task The_same_key_and_body_from_another_address_is_a_new_report_never_the_first_ones_code()
    {
        var key = Guid.NewGuid().ToString();
        var description = Unique("El mismo cuerpo desde dos direcciones.");
        var body = System.Text.Json.JsonSerializer.Serialize(new { category = "otro", description });

        var first = await SendFrom("190.24.1.10", key, body);
        var again = await SendFrom("190.24.1.10", key, body);
        var other = await SendFrom("181.50.7.7", key, body);

        Assert.Equal(StatusCodes.Status201Created, first.Response.StatusCode);
        Assert.Equal("true", again.Response.Headers["Idempotent-Replayed"].ToString()); // the same client's retry
        Assert.Equal(StatusCodes.Status201Created, other.Response.StatusCode);
        Assert.False(other.Response.Headers.ContainsKey("Idempotent-Replayed"));
        Assert.Equal(2, (await factory.AllAsAuditor($"contractId={ContractId}")).Count(i => i.GetProperty("description").GetString() == description));
    }

    Task<HttpContext> SendFrom(string address, string key, string json) => factory.Server.SendAsync(c =>
    {
        c.Request.Method = "POST";
        c.Request.Path = $"/api/contracts/{ContractId}/reports";
        c.Connection.RemoteIpAddress = IPAddress.Parse(address);
        c.Request.Headers["Idempotency-Key"] = key;
        c.Request.ContentType = "application/json";
        c.Request.Body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
    });

    [Fact]
    public async Task Same_key_and_same_body_is_still_a_replay()
    {
        var key = Guid.NewGuid().ToString();
        var body = new { category = "otro", description = Unique("Reintento legítimo del mismo envío."), anonymous = false,
            reporter = new { name = "Ana", email = "ana@example.co", consent = true } };

        var first = await Send(key, body);
        var second = await Send(key, body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
    }

    [Fact]
    public async Task Keys_longer_than_200_characters_are_refused_not_cut()
    {
        var prefix = new string('k', 200) + Guid.NewGuid().ToString("N");
        var first = await Send(prefix + "A", new { category = "otro", description = Unique("Primera clave larga.") });
        var second = await Send(prefix + "B", new { category = "otro", description = Unique("Segunda clave larga.") });

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("Idempotency-Key", await first.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Keys_of_exactly_200_characters_differing_at_the_end_are_two_reports()
    {
        var prefix = new string('k', 167) + Guid.NewGuid().ToString("N"); // 199 characters
        var a = await Send(prefix + "A", new { category = "otro", description = Unique("Clave de 200, primera.") });
        var b = await Send(prefix + "B", new { category = "otro", description = Unique("Clave de 200, segunda.") });

        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        Assert.False(b.Headers.Contains("Idempotent-Replayed"));
    }
}
