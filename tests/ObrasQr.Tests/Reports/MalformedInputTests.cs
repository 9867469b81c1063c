using System.Net;
using System.Net.Http.Headers;
using System.Text;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Reports;

/// <summary>Input from the attack run that used to end in an empty 500 (or a wrong 413).</summary>
public abstract class MalformedInputTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : MalformedInputTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : MalformedInputTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    readonly ObrasQrFactory factory = factory.Unlimited();

    [Theory]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("\"-Infinity\"")]
    public async Task Json_latitude_that_is_not_a_finite_number_is_a_400(string lat)
    {
        var json = "{\"category\":\"otro\",\"description\":\"" + Unique("Latitud no numérica") + "\",\"location\":{\"lat\":" + lat + ",\"lon\":-75.5}}";
        var response = await factory.CreateClient().PostAsync($"/api/contracts/{ContractId}/reports", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e400")]
    public async Task Form_latitude_that_is_not_a_finite_number_is_a_400_page(string lat)
    {
        var response = await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes",
            Form([("category", "otro"), ("description", Unique("Latitud rara en el formulario")), ("lat", lat), ("lon", "-75.5")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("latitud", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string> DamagedMultipart => new()
    {
        { "multipart/form-data; boundary=abc", "esto no es multipart" },
        { "multipart/form-data; boundary=abc", "--abc\r\nContent-Disposition: form-data; name=\"category\"\r\n\r\notro\r\n--abc\r\nContent-Disposition: form-da" },
        { "multipart/form-data", "--abc\r\nContent-Disposition: form-data; name=\"category\"\r\n\r\notro\r\n--abc--\r\n" },
        { "multipart/form-data; boundary=", "--\r\n" },
        { "multipart/form-data; boundary=" + "b" + "0123456789012345678901234567890123456789012345678901234567890123456789", "x" },
    };

    [Theory]
    [MemberData(nameof(DamagedMultipart))]
    public async Task Damaged_multipart_is_a_400_on_the_api_and_the_form(string contentType, string body)
    {
        foreach (var path in new[] { $"/api/contracts/{ContractId}/reports", $"/o/{ContractId}/reportes" })
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            var response = await factory.CreateClient().PostAsync(path, content);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("dañado", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("to=9999-12-31")]
    [InlineData("to=9999-12-30")]
    [InlineData("from=0001-01-01")]
    [InlineData("from=0001-01-01&to=9999-12-31")]
    public async Task Desk_dates_at_the_ends_of_the_calendar_are_open_ended(string query)
    {
        var response = await factory.ClientWithKey(ObrasQrFactory.AuditorKey).GetAsync($"/api/reports?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
