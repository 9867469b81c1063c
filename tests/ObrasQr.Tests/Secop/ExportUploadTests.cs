using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ObrasQr.Tests.Secop;

// Each test gets its own server: the sync imports every pending upload, so tests sharing a store would see each other's.
public sealed class ExportUploadTests : IDisposable
{
    readonly ObrasQrFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Office_upload_is_imported_by_the_sync_and_its_status_tells_the_counts()
    {
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var csv = await File.ReadAllBytesAsync(TestData.PathOf("secop-new-works.csv"));

        var upload = await office.PostAsync("/api/exports", new ByteArrayContent(csv) { Headers = { ContentType = new("text/csv") } });
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var exportId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();

        var sync = await office.PostAsync("/api/sync", null);
        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);

        var status = await office.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");
        Assert.Equal("imported", status.GetProperty("status").GetString());
        var counts = status.GetProperty("counts");
        Assert.Equal(2, counts.GetProperty("new").GetInt32());
        Assert.Equal(1, counts.GetProperty("changed").GetInt32());
        Assert.Equal(1, counts.GetProperty("rejected").GetInt32());
        var error = Assert.Single(status.GetProperty("errors").EnumerateArray());
        Assert.Equal(5, error.GetProperty("line").GetInt32());
        Assert.Equal("Valor del Contrato", error.GetProperty("column").GetString());

        var page = await factory.CreateClient().GetStringAsync("/o/CO1.PCCNTR.9100001");
        Assert.Contains("Canal Ricaurte", page);
    }

    [Fact]
    public async Task Multipart_upload_with_a_file_part_is_accepted()
    {
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(TestData.PathOf("secop-new-works.csv")));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "secop-cartagena.csv");

        var upload = await office.PostAsync("/api/exports", form);

        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var exportId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();
        var status = await office.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");
        Assert.Equal("secop-cartagena.csv", status.GetProperty("fileName").GetString());
        Assert.Equal("pending", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_file_that_is_not_a_SECOP_export_is_rejected_whole_and_changes_nothing()
    {
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var before = await factory.CreateClient().GetStringAsync("/api/contracts?limit=200");

        var upload = await office.PostAsync("/api/exports",
            new StringContent("nombre,telefono\nAna,3001234567\n", Encoding.UTF8, "text/csv"));
        var exportId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();
        await office.PostAsync("/api/sync", null);

        var status = await office.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");
        Assert.Equal("rejected", status.GetProperty("status").GetString());
        Assert.Contains("ID Contrato", status.GetProperty("rejectionReason").GetString());
        Assert.Equal(before, await factory.CreateClient().GetStringAsync("/api/contracts?limit=200"));
    }

    [Fact]
    public async Task Uploads_need_the_office_key()
    {
        var content = () => new StringContent("x", Encoding.UTF8, "text/csv");
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostAsync("/api/exports", content())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientWithKey(ObrasQrFactory.AuditorKey).PostAsync("/api/exports", content())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostAsync("/api/sync", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientWithKey(ObrasQrFactory.AuditorKey).PostAsync("/api/sync", null)).StatusCode);
    }
}
