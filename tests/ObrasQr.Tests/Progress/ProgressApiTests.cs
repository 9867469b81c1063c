using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ObrasQr.Auth;
using ObrasQr.Progress;
using ObrasQr.Storage;
using ObrasQr.Tests.Reports;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Progress;

/// <summary>The office records physical progress through the API; anyone reads it and its photos. Each test uses its
/// own demo work, since entries of one work constrain the next (a lower % needs a note).</summary>
public abstract class ProgressApiTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : ProgressApiTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : ProgressApiTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    static string Today => ColombiaTime.Today(TimeProvider.System).ToString("yyyy-MM-dd");
    static string DaysAgo(int days) => ColombiaTime.Today(TimeProvider.System).AddDays(-days).ToString("yyyy-MM-dd");

    HttpClient Office => factory.ClientWithKey(ObrasQrFactory.OfficeKey);

    [Fact]
    public async Task Office_records_an_entry_and_the_open_data_lists_it_without_the_persons_name()
    {
        const string work = "CO1.PCCNTR.4120988";
        var created = await Office.PostAsJsonAsync($"/api/contracts/{work}/avances",
            new { date = DaysAgo(1), percent = 37.5, note = "Canal revestido en 300 m.", location = new { lat = 10.4, lon = -75.5 } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/contracts/{work.ToLowerInvariant()}/avances");
        var entry = Assert.Single(list.GetProperty("entries").EnumerateArray());
        Assert.Equal(37.5m, entry.GetProperty("percent").GetDecimal());
        Assert.Equal(DaysAgo(1), entry.GetProperty("date").GetString());
        Assert.Equal("oficina de contratación", entry.GetProperty("source").GetString());
        Assert.Equal(10.4, entry.GetProperty("location").GetProperty("lat").GetDouble());
        Assert.DoesNotContain("oficina-contratacion", list.GetRawText()); // the API key's name is who recorded it: kept, not published
    }

    [Fact]
    public async Task Refused_entries_say_why_in_spanish_next_to_the_field()
    {
        const string work = "CO1.PCCNTR.3987001";
        var future = await Office.PostAsJsonAsync($"/api/contracts/{work}/avances", new { date = "2999-01-01", percent = 10 });
        var over = await Office.PostAsJsonAsync($"/api/contracts/{work}/avances", new { date = Today, percent = 130 });
        var first = await Office.PostAsJsonAsync($"/api/contracts/{work}/avances", new { date = DaysAgo(2), percent = 60 });
        var lower = await Office.PostAsJsonAsync($"/api/contracts/{work}/avances", new { date = Today, percent = 55 });
        var explained = await Office.PostAsJsonAsync($"/api/contracts/{work}/avances",
            new { date = Today, percent = 55, note = "Se retiró pavimento defectuoso del tramo 2." });

        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("no puede ser posterior a hoy", Reason(await future.Json(), "date"));
        Assert.Contains("va de 0 a 100", Reason(await over.Json(), "percent"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, lower.StatusCode);
        Assert.Contains("escriba en la nota por qué", Reason(await lower.Json(), "note"));
        Assert.Equal(HttpStatusCode.Created, explained.StatusCode);
    }

    [Fact]
    public async Task Photos_sent_with_an_entry_are_published_without_their_metadata_at_immutable_addresses_and_with_nosniff()
    {
        const string work = "CO1.PCCNTR.5214873";
        var form = Form([("date", Today), ("percent", "12,5"), ("note", "Andenes fundidos.")],
            ("obra.jpg", PhotoCleanerTests.Photo("gps.jpg")), ("obra.png", PhotoCleanerTests.Photo("gps.png")));

        var created = await Office.PostAsync($"/api/contracts/{work}/avances", form);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var photos = (await created.Json()).GetProperty("photos").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Equal(2, photos.Count);
        var anyone = factory.CreateClient();
        foreach (var url in photos.Concat(photos.Select(p => p + "/miniatura")))
        {
            var photo = await anyone.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
            Assert.Equal("image/jpeg", photo.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", photo.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("public, max-age=31536000, immutable", photo.Headers.CacheControl?.ToString());
            Assert.Empty(PhotoCleanerTests.Identifying(await photo.Content.ReadAsByteArrayAsync()));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync(photos[0][..^1] + "3")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync(photos[0][..^1] + "3/miniatura")).StatusCode);
    }

    [Fact]
    public async Task A_thumbnail_viewed_again_is_served_from_memory_without_reading_the_file_store()
    {
        const string work = "CO1.PCCNTR.5214873";
        var created = await Office.PostAsync($"/api/contracts/{work}/avances",
            Form([("date", Today), ("percent", "12,5"), ("note", "Miniatura vista dos veces.")], ("obra.jpg", PhotoCleanerTests.Photo("gps.jpg"))));
        var photo = (await created.Json()).GetProperty("photos")[0].GetString()!; // /o/{work}/avances/{entry}/fotos/1
        var entryId = photo.Split('/')[4];
        var files = new CountingFiles(factory.Service<IFileStore>());
        var thumbnails = new ThumbnailCache(factory.Service<IProgressStore>(), files, Options.Create(new ObrasQrOptions()), TimeProvider.System);

        var first = await thumbnails.FindAsync(work, entryId, 1, CancellationToken.None);
        var second = await thumbnails.FindAsync(work, entryId, 1, CancellationToken.None);

        Assert.Equal(1, files.Reads);
        Assert.Equal(first!.Bytes, second!.Bytes);
        Assert.Equal(await factory.CreateClient().GetByteArrayAsync(photo + "/miniatura"), first.Bytes);
    }

    sealed class CountingFiles(IFileStore inner) : IFileStore
    {
        public int Reads;
        public Task SaveAsync(string path, Stream content, CancellationToken ct = default) => inner.SaveAsync(path, content, ct);
        public Task<Stream?> OpenReadAsync(string path, CancellationToken ct = default)
        {
            Interlocked.Increment(ref Reads);
            return inner.OpenReadAsync(path, ct);
        }
        public Task DeleteAsync(string path, CancellationToken ct = default) => inner.DeleteAsync(path, ct);
        public Task<StoredFile?> OpenServedAsync(string path, CancellationToken ct = default)
        {
            Interlocked.Increment(ref Reads);
            return inner.OpenServedAsync(path, ct);
        }
        public IAsyncEnumerable<ListedFile> ListAsync(string folder, CancellationToken ct = default) => inner.ListAsync(folder, ct);
    }

    [Fact]
    public async Task A_file_that_is_not_a_photo_is_refused_and_nothing_is_recorded()
    {
        const string work = "CO1.PCCNTR.5288140";
        var form = Form([("date", Today), ("percent", "5")], ("informe.jpg", "%PDF-1.7 no soy una foto"u8.ToArray()));

        var refused = await Office.PostAsync($"/api/contracts/{work}/avances", form);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("no es una imagen JPEG, PNG o WebP válida", Reason(await refused.Json(), "photos"));
        var list = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/contracts/{work}/avances");
        Assert.Empty(list.GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task Only_the_office_records_progress()
    {
        const string work = "CO1.PCCNTR.5102366";
        var anonymous = await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{work}/avances", new { date = Today, percent = 5 });
        var auditor = await factory.ClientWithKey(ObrasQrFactory.AuditorKey).PostAsJsonAsync($"/api/contracts/{work}/avances", new { date = Today, percent = 5 });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, auditor.StatusCode);
    }

    [Fact]
    public async Task A_contract_that_is_not_a_published_work_has_no_progress()
    {
        var interventoria = await Office.PostAsJsonAsync("/api/contracts/CO1.PCCNTR.3987455/avances", new { date = Today, percent = 5 });
        var unknown = await factory.CreateClient().GetAsync("/api/contracts/CO1.PCCNTR.0000000/avances");

        Assert.Equal(HttpStatusCode.NotFound, interventoria.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    static string Reason(JsonElement problem, string field) => problem.GetProperty("errors").GetProperty(field)[0].GetString()!;
}

public sealed class ProgressScopeTests
{
    const string OtherOfficeKey = "test-other-office-key-5e1d";

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Another_entitys_office_gets_404_on_the_api_and_the_desk_form(StoreKind store)
    {
        await using var factory = new ObrasQrFactory(store);
        factory.Settings["ObrasQr:Auth:Keys:2:Name"] = "oficina-otra-alcaldia";
        factory.Settings["ObrasQr:Auth:Keys:2:Role"] = Roles.Office;
        factory.Settings["ObrasQr:Auth:Keys:2:Sha256"] = ApiKeys.Digest(OtherOfficeKey);
        factory.Settings["ObrasQr:Auth:Keys:2:EntityNit"] = "890801053"; // not Cartagena's 890480184
        var other = factory.ClientWithKey(OtherOfficeKey);
        var today = ColombiaTime.Today(TimeProvider.System).ToString("yyyy-MM-dd");

        var api = await other.PostAsJsonAsync($"/api/contracts/{ContractId}/avances", new { date = today, percent = 5 });
        var form = await other.GetAsync($"/escritorio/obras/{ContractId}/avance");
        var post = await other.PostAsync($"/escritorio/obras/{ContractId}/avance", Form([("date", today), ("percent", "5")]));

        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, form.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        var list = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/contracts/{ContractId}/avances");
        Assert.Empty(list.GetProperty("entries").EnumerateArray());
    }
}
