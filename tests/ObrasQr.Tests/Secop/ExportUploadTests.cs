using BodyLimit = ObrasQr.Http.BodyLimit;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ObrasQr.Tests.Secop;

// Each test gets its own server: the sync imports every pending upload, so tests sharing a store would see each other's.
public abstract class ExportUploadTests(StoreKind store) : IDisposable
{
    public sealed class OnSqlite() : ExportUploadTests(StoreKind.Sqlite);
    public sealed class OnAzure() : ExportUploadTests(StoreKind.Azure);

    readonly ObrasQrFactory factory = new(store);

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Office_upload_is_imported_by_the_sync_and_its_status_tells_the_counts()
    {
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var csv = await File.ReadAllBytesAsync(TestData.PathOf("secop-new-works.csv"));

        var upload = await office.PostAsync("/api/exports", new ByteArrayContent(csv) { Headers = { ContentType = new("text/csv") } });
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var exportId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();

        await ObrasQrFactory.SyncNowAsync(office);

        var status = await office.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");
        Assert.Equal("imported_with_warnings", status.GetProperty("status").GetString());   // one row refused
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
        // The import starts right away in the background: pending, or already done (one row of this file is refused).
        Assert.Contains(status.GetProperty("status").GetString(), new[] { "pending", "imported_with_warnings" });
    }

    [Fact]
    public async Task A_file_that_is_not_a_SECOP_export_is_answered_422_at_once_and_changes_nothing()
    {
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var before = await factory.CreateClient().GetStringAsync("/api/contracts?limit=200");

        var upload = await office.PostAsync("/api/exports",
            new StringContent("nombre,telefono\nAna,3001234567\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, upload.StatusCode);
        Assert.Equal("application/problem+json", upload.Content.Headers.ContentType?.MediaType);
        var reason = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("file")[0].GetString();
        Assert.Contains("ID Contrato", reason);
        Assert.Equal(before, await factory.CreateClient().GetStringAsync("/api/contracts?limit=200"));
    }

    [Fact]
    public async Task An_upload_is_imported_right_away_without_waiting_for_the_timer()
    {
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var csv = await File.ReadAllBytesAsync(TestData.PathOf("secop/duplicates.csv"));

        var upload = await office.PostAsync("/api/exports", new ByteArrayContent(csv) { Headers = { ContentType = new("text/csv") } });
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var exportId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();

        // No POST /api/sync: the upload itself started the import. Bounded wait for the background task.
        JsonElement status = default;
        for (var i = 0; i < 100; i++)
        {
            status = await office.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");
            if (status.GetProperty("status").GetString() != "pending") break;
            await Task.Delay(100);
        }
        Assert.Equal("imported_with_warnings", status.GetProperty("status").GetString());
        Assert.Equal(2, status.GetProperty("counts").GetProperty("duplicates").GetInt32());
    }

    async Task<JsonElement> UploadAndSyncAsync(HttpClient office, string testFile, string contentType)
    {
        var bytes = await File.ReadAllBytesAsync(TestData.PathOf(testFile));
        var upload = await office.PostAsync("/api/exports", new ByteArrayContent(bytes) { Headers = { ContentType = new(contentType) } });
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var exportId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();
        await ObrasQrFactory.SyncNowAsync(office);
        return await office.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");
    }

    static (int New, int Changed, int Unchanged, int Rejected) Counts(JsonElement status)
    {
        var c = status.GetProperty("counts");
        return (c.GetProperty("new").GetInt32(), c.GetProperty("changed").GetInt32(), c.GetProperty("unchanged").GetInt32(), c.GetProperty("rejected").GetInt32());
    }

    [Fact]
    public async Task SODA_JSON_export_is_imported_like_a_CSV()
    {
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);

        var status = await UploadAndSyncAsync(office, "secop/soda-export.json", "application/json");

        Assert.Equal("imported", status.GetProperty("status").GetString());
        Assert.Equal((2, 0, 0, 0), Counts(status));
        var work = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/contracts/CO1.PCCNTR.7000001");
        Assert.Equal("https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index?noticeUID=CO1.NTC.1234567",
            work.GetProperty("contract").GetProperty("processUrl").GetString());
    }

    [Fact]
    public async Task Uploading_the_same_export_again_changes_nothing_and_says_so()
    {
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        await UploadAndSyncAsync(office, "secop/utf8-bom.csv", "text/csv");
        var again = await UploadAndSyncAsync(office, "secop/utf8-bom.csv", "text/csv");
        var resaved = await UploadAndSyncAsync(office, "secop/semicolon.csv", "text/csv");
        var later = await UploadAndSyncAsync(office, "secop/later.csv", "text/csv");

        Assert.Equal((0, 0, 3, 0), Counts(again));
        Assert.Equal((0, 0, 3, 0), Counts(resaved));
        Assert.Equal((0, 1, 2, 0), Counts(later));
        var work = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/contracts/CO1.PCCNTR.7000001");
        Assert.Equal(2, work.GetProperty("versions").GetArrayLength());
        Assert.Equal(2, work.GetProperty("versionCount").GetInt32());
        Assert.Equal(12_979_236_356m, work.GetProperty("contract").GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task The_raw_file_is_kept_byte_for_byte()
    {
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var bytes = await File.ReadAllBytesAsync(TestData.PathOf("secop/windows-1252.csv"));

        var upload = await office.PostAsync("/api/exports", new ByteArrayContent(bytes) { Headers = { ContentType = new("text/csv") } });
        var exportId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();
        await ObrasQrFactory.SyncNowAsync(office);

        var status = await office.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");
        Assert.Equal(bytes.Length, status.GetProperty("size").GetInt64());
        await using var kept = await factory.Service<ObrasQr.Storage.IFileStore>().OpenReadAsync(status.GetProperty("filePath").GetString()!);
        using var copy = new MemoryStream();
        await kept!.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task An_xlsx_export_is_accepted_and_imported()
    {
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);

        var status = await UploadAndSyncAsync(office, "secop/export.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        Assert.Equal("imported", status.GetProperty("status").GetString());
        Assert.Equal(1, Counts(status).New);
        var page = await factory.CreateClient().GetAsync("/o/CO1.PCCNTR.8000201");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_damaged_spreadsheet_is_answered_415_at_once()
    {
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var bytes = await File.ReadAllBytesAsync(TestData.PathOf("secop/spreadsheet.xlsx"));

        var upload = await office.PostAsync("/api/exports", new ByteArrayContent(bytes) { Headers = { ContentType = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") } });

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, upload.StatusCode);
    }

    [Fact]
    public async Task A_binary_upload_is_answered_415_at_once_with_a_reason_the_office_can_act_on()
    {
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var bytes = await File.ReadAllBytesAsync(TestData.PathOf("secop/binary.dat"));

        var upload = await office.PostAsync("/api/exports", new ByteArrayContent(bytes) { Headers = { ContentType = new("application/octet-stream") } });

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, upload.StatusCode);
        var reason = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("file")[0].GetString();
        Assert.Contains("no es de texto", reason);
    }

    [Fact]
    public async Task Bad_rows_show_in_the_status_with_line_column_and_reason()
    {
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);

        var status = await UploadAndSyncAsync(office, "secop/bad-rows.csv", "text/csv");

        Assert.Equal((4, 0, 0, 2), Counts(status));
        Assert.Equal("imported_with_warnings", status.GetProperty("status").GetString());
        var errors = status.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([4, 5, 6, 8], errors.Select(e => e.GetProperty("line").GetInt32()));
        Assert.Equal("Fecha de Firma", errors[2].GetProperty("column").GetString());
        Assert.Contains("no es una fecha válida", errors[2].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Empty_and_oversized_uploads_are_refused_at_once()
    {
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);

        var empty = await office.PostAsync("/api/exports", new ByteArrayContent([]) { Headers = { ContentType = new("text/csv") } });
        // No Content-Length (chunked): the limit is enforced while the body streams in.
        var oversized = await office.PostAsync("/api/exports", new StreamContent(new ZeroStream(BodyLimit.Export + 1))
        {
            Headers = { ContentType = new("text/csv") },
        });

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        var run = await ObrasQrFactory.SyncNowAsync(office);
        Assert.Equal(0, run.GetProperty("exports").GetArrayLength());
    }

    /// <summary>A body of <paramref name="length"/> bytes of '0' that never sits in memory.</summary>
    sealed class ZeroStream(long length) : Stream
    {
        long position;
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - position);
            buffer.AsSpan(offset, n).Fill((byte)'0');
            position += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
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
