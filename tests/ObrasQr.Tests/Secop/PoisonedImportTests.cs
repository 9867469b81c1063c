using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ObrasQr.Secop;
using ObrasQr.Tests.Sync;

namespace ObrasQr.Tests.Secop;

/// <summary>Imports whose text is not Unicode, and SODA servers that stall: finished with a reason, never stuck or a 500.</summary>
public sealed class PoisonedImportTests
{
    // Two rows shaped like the SODA export; the first carries a lone surrogate (escaped) or invalid UTF-8 bytes.
    static byte[] Export(byte[] poison)
    {
        static string Row(string id, string entity) =>
            $"{{\"id_contrato\":\"{id}\",\"nombre_entidad\":\"{entity}\",\"nit_entidad\":\"890480184\",\"tipo_de_contrato\":\"Obra\",\"estado_contrato\":\"En ejecución\",\"valor_del_contrato\":\"1000\"}}";
        var bytes = new List<byte>();
        var first = Encoding.UTF8.GetBytes(Row("CO1.PCCNTR.7700001", "ALCALDIA @"));
        var at = Array.IndexOf(first, (byte)'@');
        bytes.Add((byte)'[');
        bytes.AddRange(first[..at]);
        bytes.AddRange(poison);
        bytes.AddRange(first[(at + 1)..]);
        bytes.AddRange(Encoding.UTF8.GetBytes("," + Row("CO1.PCCNTR.7700002", "ALCALDIA SANA") + "]"));
        return bytes.ToArray();
    }

    public static TheoryData<byte[]> Poisons => new() { Encoding.ASCII.GetBytes("\\ud800"), new byte[] { 0xC3, 0x28 }, new byte[] { 0xFF } };

    [Theory]
    [MemberData(nameof(Poisons))]
    public async Task Export_with_text_that_is_not_unicode_is_finished_not_left_pending(byte[] poison)
    {
        using var factory = new ObrasQrFactory();
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var upload = await office.PostAsync("/api/exports", new ByteArrayContent(Export(poison)) { Headers = { ContentType = new("application/json") } });
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var exportId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();

        await ObrasQrFactory.SyncNowAsync(office);
        var status = await office.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");

        Assert.NotEqual("pending", status.GetProperty("status").GetString());
        var text = status.GetRawText();
        Assert.True(text.Contains("Unicode") || text.Contains("UTF-8"), text);
        // Next sync does not try it again.
        var again = await ObrasQrFactory.SyncNowAsync(office);
        Assert.Equal(0, again.GetProperty("exports").GetArrayLength());
    }

    [Fact]
    public void A_row_with_a_lone_surrogate_is_rejected_with_its_line_and_the_rest_is_read()
    {
        var rows = JsonExportReader.ReadPage(Export(Encoding.ASCII.GetBytes("\\ud800")));

        Assert.Equal(2, rows.Count);
        var (contract, errors) = rows[0].ToContract();
        Assert.Null(contract);
        Assert.Equal(1, Assert.Single(errors).Line);
        Assert.Equal("ALCALDIA SANA", rows[1].ToContract().Contract!.EntityName);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Sync_with_a_poisoned_soda_page_finishes_and_moves_on(StoreKind store)
    {
        await using var soda = await RecordedSoda.StartAsync();
        soda.Fail(0, response =>
        {
            response.ContentType = "application/json";
            return response.Body.WriteAsync(Export(Encoding.ASCII.GetBytes("\\udfff"))).AsTask();
        });
        using var factory = new ObrasQrFactory(store);
        factory.Settings["ObrasQr:Sync:SodaBaseUrl"] = soda.BaseUrl;
        factory.Settings["ObrasQr:Sync:EntityNit"] = "890480184";
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);

        var counts = (await ObrasQrFactory.SyncNowAsync(office)).GetProperty("soda")[0].GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("rejected").GetInt32());
        Assert.Equal(1, counts.GetProperty("new").GetInt32());
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_stalled_soda_server_ends_the_run_with_a_reason_not_a_500(StoreKind store)
    {
        await using var soda = await RecordedSoda.StartAsync();
        for (var i = 0; i < 2; i++)
            soda.Fail(0, async response =>
            {
                await response.StartAsync();
                await Task.Delay(TimeSpan.FromSeconds(20), response.HttpContext.RequestAborted).ContinueWith(_ => { });
            });
        using var factory = new ObrasQrFactory(store);
        factory.Settings["ObrasQr:Sync:SodaBaseUrl"] = soda.BaseUrl;
        factory.Settings["ObrasQr:Sync:EntityNit"] = "890480184";
        factory.Settings["ObrasQr:Sync:RequestTimeout"] = "00:00:00.5";
        factory.Settings["ObrasQr:Sync:MaxAttempts"] = "2";
        factory.Settings["ObrasQr:Sync:RetryBaseDelay"] = "00:00:00.1";
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);

        var error = (await ObrasQrFactory.SyncNowAsync(office)).GetProperty("soda")[0].GetProperty("error").GetString();
        Assert.Contains("sin respuesta", error);
    }
}
