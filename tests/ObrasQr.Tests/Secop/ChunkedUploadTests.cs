using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ObrasQr.Auth;
using BodyLimit = ObrasQr.Http.BodyLimit;

namespace ObrasQr.Tests.Secop;

// Chunks of 64 KB here, so that a file of a few hundred rows is several chunks; the size a host announces is the same rule.
public abstract class ChunkedUploadTests(StoreKind store) : IDisposable
{
    public sealed class OnSqlite() : ChunkedUploadTests(StoreKind.Sqlite);
    public sealed class OnAzure() : ChunkedUploadTests(StoreKind.Azure);

    const int ChunkSize = 64 * 1024;
    const string OtherOfficeKey = "clave-oficina-manizales";

    readonly ObrasQrFactory factory = Chunked(store);

    public void Dispose() => factory.Dispose();

    static ObrasQrFactory Chunked(StoreKind store)
    {
        var factory = new ObrasQrFactory(store);
        factory.Settings["ObrasQr:ExportChunkBytes"] = ChunkSize.ToString();
        factory.Settings["ObrasQr:Auth:Keys:2:Name"] = "oficina-manizales";
        factory.Settings["ObrasQr:Auth:Keys:2:Role"] = Roles.Office;
        factory.Settings["ObrasQr:Auth:Keys:2:Sha256"] = ApiKeys.Digest(OtherOfficeKey);
        factory.Settings["ObrasQr:Auth:Keys:2:EntityNit"] = "890801053";
        return factory;
    }

    [Fact]
    public async Task A_file_sent_in_three_chunks_out_of_order_is_imported_like_the_same_file_sent_whole()
    {
        var file = GeneratedExport.Bytes(rows: 100);
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);

        var started = await StartAsync(office, file.Length, "nacional.csv");
        Assert.Equal(3, started.GetProperty("chunkCount").GetInt32());
        Assert.Equal(ChunkSize, started.GetProperty("chunkSize").GetInt32());
        foreach (var n in new[] { 3, 1, 2 })
            Assert.Equal(HttpStatusCode.NoContent, (await SendChunkAsync(office, started, file, n)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendChunkAsync(office, started, file, 1)).StatusCode); // again: replaces it
        var completed = await office.PostAsync(started.GetProperty("completeUrl").GetString(), null);

        Assert.Equal(HttpStatusCode.Accepted, completed.StatusCode);
        var exportId = (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();
        Assert.Equal($"/api/exports/{exportId}", completed.Headers.Location?.OriginalString);
        var chunked = await ImportedAsync(office, exportId!);
        Assert.Equal("nacional.csv", chunked.GetProperty("fileName").GetString());
        Assert.Equal(file.Length, chunked.GetProperty("size").GetInt64());
        await using (var kept = await factory.Service<ObrasQr.Storage.IFileStore>().OpenReadAsync(chunked.GetProperty("filePath").GetString()!))
        {
            using var copy = new MemoryStream();
            await kept!.CopyToAsync(copy);
            Assert.Equal(file, copy.ToArray());
        }

        using var other = Chunked(store);
        var wholeOffice = other.ClientWithKey(ObrasQrFactory.OfficeKey);
        var whole = await wholeOffice.PostAsync("/api/exports", new ByteArrayContent(file) { Headers = { ContentType = new("text/csv") } });
        Assert.Equal(HttpStatusCode.Accepted, whole.StatusCode);
        var wholeStatus = await ImportedAsync(wholeOffice, (await whole.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString()!);
        Assert.Equal(wholeStatus.GetProperty("status").GetString(), chunked.GetProperty("status").GetString());
        Assert.Equal(wholeStatus.GetProperty("counts").ToString(), chunked.GetProperty("counts").ToString());
        Assert.Equal(100, chunked.GetProperty("counts").GetProperty("new").GetInt32());
        Assert.Equal((await other.CreateClient().GetFromJsonAsync<JsonElement>("/api/contracts/CO1.PCCNTR.70000042")).GetProperty("contract").ToString(),
            (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/contracts/CO1.PCCNTR.70000042")).GetProperty("contract").ToString());
    }

    [Fact]
    public async Task A_chunk_past_the_total_is_refused_with_413()
    {
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var tooBig = await office.PostAsJsonAsync("/api/exports/uploads", new { fileName = "x.csv", totalSize = BodyLimit.ExportTotal + 1 });
        await AssertProblemAsync(tooBig, HttpStatusCode.RequestEntityTooLarge, "totalSize", "1 GB");

        var file = GeneratedExport.Bytes(rows: 60);
        var started = await StartAsync(office, file.Length, "x.csv");
        var count = started.GetProperty("chunkCount").GetInt32();

        var past = await office.PutAsync(ChunkUrl(started, count + 1), new ByteArrayContent([1, 2, 3]));
        await AssertProblemAsync(past, HttpStatusCode.RequestEntityTooLarge, "n", $"{file.Length} bytes");
        var longLast = await office.PutAsync(ChunkUrl(started, count), new ByteArrayContent(new byte[ChunkSize]));
        await AssertProblemAsync(longLast, HttpStatusCode.RequestEntityTooLarge, "body", $"parte {count}");
    }

    [Fact]
    public async Task Completing_with_a_missing_chunk_is_refused_with_a_reason_naming_it()
    {
        var file = GeneratedExport.Bytes(rows: 100);
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var started = await StartAsync(office, file.Length, "incompleto.csv");
        await SendChunkAsync(office, started, file, 1);
        await SendChunkAsync(office, started, file, 3);

        var refused = await office.PostAsync(started.GetProperty("completeUrl").GetString(), null);

        await AssertProblemAsync(refused, HttpStatusCode.BadRequest, "chunks", "Falta la parte 2 de 3");
        await SendChunkAsync(office, started, file, 2);
        Assert.Equal(HttpStatusCode.Accepted, (await office.PostAsync(started.GetProperty("completeUrl").GetString(), null)).StatusCode);
    }

    [Fact]
    public async Task Another_office_gets_404_for_an_upload_it_did_not_start_and_for_an_unknown_one()
    {
        var file = GeneratedExport.Bytes(rows: 30);
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var started = await StartAsync(office, file.Length, "propio.csv");
        var otherOffice = factory.ClientWithKey(OtherOfficeKey);

        await AssertProblemAsync(await SendChunkAsync(otherOffice, started, file, 1), HttpStatusCode.NotFound, "uploadId", "No hay una carga en curso");
        await AssertProblemAsync(await otherOffice.PostAsync(started.GetProperty("completeUrl").GetString(), null),
            HttpStatusCode.NotFound, "uploadId", "No hay una carga en curso");
        await AssertProblemAsync(await office.PutAsync("/api/exports/uploads/20260101000000-0123456789ab/chunks/1", new ByteArrayContent([1])),
            HttpStatusCode.NotFound, "uploadId", "No hay una carga en curso");
        await AssertProblemAsync(await office.PostAsync("/api/exports/uploads/..%2F..%2Fsecreto/complete", null),
            HttpStatusCode.NotFound, "uploadId", "No hay una carga en curso");

        // The owner's upload was not touched by the other office's attempts.
        Assert.Equal(HttpStatusCode.NoContent, (await SendChunkAsync(office, started, file, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await office.PostAsync(started.GetProperty("completeUrl").GetString(), null)).StatusCode);
    }

    internal static async Task<JsonElement> StartAsync(HttpClient office, long totalSize, string fileName)
    {
        var started = await office.PostAsJsonAsync("/api/exports/uploads", new { fileName, contentType = "text/csv", totalSize });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return await started.Content.ReadFromJsonAsync<JsonElement>();
    }

    static string ChunkUrl(JsonElement started, int n) => started.GetProperty("chunkUrl").GetString()!.Replace("{n}", n.ToString());

    static Task<HttpResponseMessage> SendChunkAsync(HttpClient client, JsonElement started, byte[] file, int n)
    {
        var size = started.GetProperty("chunkSize").GetInt32();
        var from = (n - 1) * size;
        return client.PutAsync(ChunkUrl(started, n), new ByteArrayContent(file, from, Math.Min(size, file.Length - from)));
    }

    static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field, string reasonPart)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var reason = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)[0].GetString();
        Assert.Contains(reasonPart, reason);
    }

    /// <summary>The export's status once its import (started by the upload itself) is done; a bounded wait.</summary>
    internal static async Task<JsonElement> ImportedAsync(HttpClient office, string exportId)
    {
        for (var i = 0; ; i++)
        {
            var status = await office.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");
            if (status.GetProperty("status").GetString() != "pending" || i == 12000) return status; // a 150 MB import and its open-data build, on a busy machine
            await Task.Delay(100);
        }
    }
}

/// <summary>An export of any size from the demo's rows: each row again and again with a new contract id
/// (CO1.PCCNTR.7 followed by seven digits, the row's number).</summary>
static partial class GeneratedExport
{
    public static byte[] Bytes(int rows)
    {
        using var file = new MemoryStream();
        Write(file, rows);
        return file.ToArray();
    }

    public static void Write(Stream to, int rows)
    {
        var lines = Records(File.ReadAllLines(TestData.DemoExport()).Where(l => l.Length > 0)).ToArray();
        using var writer = new StreamWriter(to, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine(lines[0]);
        for (var row = 1; row <= rows; row++)
            writer.WriteLine(ContractId().Replace(lines[1 + (row - 1) % (lines.Length - 1)], $"CO1.PCCNTR.7{row:D7}"));
    }

    // A quoted cell may hold a line break: a record ends on a line where the quotes so far are balanced.
    static IEnumerable<string> Records(IEnumerable<string> lines)
    {
        string? open = null;
        foreach (var line in lines)
        {
            var record = open is null ? line : open + "\r\n" + line;
            if (record.Count(c => c == '"') % 2 == 0) { yield return record; open = null; }
            else open = record;
        }
    }

    [GeneratedRegex(@"CO1\.PCCNTR\.[0-9]+")]
    private static partial Regex ContractId();
}
