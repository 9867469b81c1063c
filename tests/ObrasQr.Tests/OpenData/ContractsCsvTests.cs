using System.Net;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using System.Globalization;

namespace ObrasQr.Tests.OpenData;

/// <summary>The bulk CSV and the data dictionary page on both stores.</summary>
public abstract class ContractsCsvTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : ContractsCsvTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : ContractsCsvTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    [Fact]
    public async Task The_csv_has_a_bom_and_one_row_per_published_work_with_its_page_facts()
    {
        var response = await factory.CreateClient().GetAsync("/api/contracts.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = Rows(bytes[3..], ";");
        Assert.Equal(21, rows.Count);
        var modified = rows.Single(r => (string)r["id_contrato"] == "CO1.PCCNTR.3987001");
        Assert.Equal("19150000000", modified["valor"]);
        Assert.Equal("2027-05-26", modified["fecha_terminacion"]);
        Assert.Equal("Modificado", modified["estado_secop"]);
        Assert.Equal($"{ObrasQrFactory.PublicBaseUrl}/o/CO1.PCCNTR.3987001", modified["url_pagina"]);
        Assert.Equal("NIT", modified["tipo_documento_contratista"]);
    }

    static List<IDictionary<string, object>> Rows(byte[] bytes, string delimiter)
    {
        using var csv = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes)), new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = delimiter });
        return [.. csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>()];
    }

    [Fact]
    public async Task The_csv_opens_in_columns_in_a_colombian_spreadsheet_and_takes_commas_on_request()
    {
        var client = factory.CreateClient();

        var plain = await client.GetByteArrayAsync("/api/contracts.csv");
        var semicolon = await client.GetByteArrayAsync("/api/contracts.csv?sep=semicolon");
        var comma = await client.GetByteArrayAsync("/api/contracts.csv?sep=comma");
        var other = await client.GetAsync("/api/contracts.csv?sep=tab");

        Assert.StartsWith("\uFEFFid_contrato;proceso;referencia;", Encoding.UTF8.GetString(plain));
        Assert.Equal(plain, semicolon);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, comma[..3]);
        Assert.StartsWith("id_contrato,proceso,referencia,", Encoding.UTF8.GetString(comma[3..]));
        Assert.Equal(Rows(plain[3..], ";").Select(r => r["valor"]), Rows(comma[3..], ",").Select(r => r["valor"]));
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Contains("sep=comma", (await other.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task The_data_dictionary_explains_every_csv_column_and_links_the_formats()
    {
        var html = await factory.CreateClient().GetStringAsync("/datos");

        foreach (var column in ObrasQr.OpenData.ContractsCsv.Columns) Assert.Contains($"<code>{column.Header}</code>", html);
        foreach (var link in new[] { "/api/oc4ids.json", "/open311/v2/requests.json", "/api/contracts.csv", "/openapi/v1.json" })
            Assert.Contains($"href=\"{link}\"", html);
        Assert.Contains("id=\"politica\"", html);
        Assert.Contains("no está registrado", html); // no prefix configured in the tests
    }

    [Fact]
    public async Task Citizen_pages_link_the_open_data_from_their_footer()
    {
        var page = await factory.CreateClient().GetStringAsync("/o/CO1.PCCNTR.5361557");

        Assert.Contains("<a href=\"/datos\">Datos abiertos</a>", page);
    }
}
