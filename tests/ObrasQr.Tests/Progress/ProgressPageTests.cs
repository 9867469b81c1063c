using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ObrasQr.Pages;
using ObrasQr.Progress;
using ObrasQr.Tests.Reports;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Progress;

/// <summary>The citizen page shows the office's latest physical progress beside the money paid, and a dated gallery;
/// the office records it from its desk with a form that needs no JavaScript.</summary>
public abstract class ProgressPageTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : ProgressPageTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : ProgressPageTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    static DateOnly Today => ColombiaTime.Today(TimeProvider.System);
    static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd");

    HttpClient Office => factory.ClientWithKey(ObrasQrFactory.OfficeKey);

    /// <summary>The office in a browser that shows the 303 instead of following it (a followed redirect drops the key).</summary>
    HttpClient OfficeDesk
    {
        get
        {
            var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Authorization = new("Bearer", ObrasQrFactory.OfficeKey);
            return client;
        }
    }

    [Fact]
    public async Task Page_shows_the_latest_percent_attributed_to_the_office_and_a_dated_gallery_of_thumbnails_linking_to_photos()
    {
        const string work = "CO1.PCCNTR.5402219";
        await Office.PostAsJsonAsync($"/api/contracts/{work}/avances", new { date = Iso(Today.AddDays(-20)), percent = 20 });
        var withPhoto = await Office.PostAsync($"/api/contracts/{work}/avances",
            Form([("date", Iso(Today.AddDays(-3))), ("percent", "45,5")], ("a.jpg", PhotoCleanerTests.Photo("gps.jpg"))));
        var entry = await withPhoto.Json();

        var html = await factory.CreateClient().GetStringAsync($"/o/{work}");

        var observed = ObrasQr.Contracts.ContractChanges.Date(Today.AddDays(-3));
        Assert.Contains($"<strong>45,5 % ejecutado</strong>, según la oficina de contratación (observado el {observed}, registrado el", Between(html, "id=\"avance-fisico\"", "</p>"));
        Assert.Contains("45,5 % ejecutado", Between(html, "class=\"glance\"", "</p>"));
        var gallery = Between(html, "aria-labelledby=\"avance\"", "</section>");
        Assert.Contains($"<strong>{observed}</strong>: 45,5 % ejecutado", gallery);
        Assert.Contains($"<strong>{ObrasQr.Contracts.ContractChanges.Date(Today.AddDays(-20))}</strong>: 20 % ejecutado", gallery);
        var photo = entry.GetProperty("photos")[0].GetString()!;
        Assert.Contains($"<a href=\"{photo}\"><img src=\"{photo}/miniatura\" alt=\"Foto 1 de 1 del avance observado el {observed}\"", gallery);
        Assert.True(gallery.IndexOf("45,5 %", StringComparison.Ordinal) < gallery.IndexOf("20 %", StringComparison.Ordinal), "newest first");
    }

    [Fact]
    public async Task Page_without_entries_says_the_office_has_not_recorded_progress_and_shows_no_gallery()
    {
        var html = await factory.CreateClient().GetStringAsync("/o/CO1.PCCNTR.5333908");

        Assert.Contains("la oficina de contratación no lo ha registrado en ObrasQr", html);
        Assert.DoesNotContain("aria-labelledby=\"avance\"", html);
    }

    [Fact]
    public async Task A_lower_percent_shows_on_the_page_as_lower_than_the_previous_entry_with_the_offices_note()
    {
        const string work = "CO1.PCCNTR.4876512";
        await Office.PostAsJsonAsync($"/api/contracts/{work}/avances", new { date = Iso(Today.AddDays(-10)), percent = 70 });
        await Office.PostAsJsonAsync($"/api/contracts/{work}/avances", new { date = Iso(Today.AddDays(-1)), percent = 64, note = "Se demolió un muro mal construido." });

        var gallery = Between(await factory.CreateClient().GetStringAsync($"/o/{work}"), "aria-labelledby=\"avance\"", "</section>");

        Assert.Contains("<strong>Menor que el registro anterior</strong> (70 %)", gallery);
        Assert.Contains("Nota de la oficina: Se demolió un muro mal construido.", gallery);
    }

    [Fact]
    public async Task Page_says_the_progress_comes_from_SECOP_and_names_each_entrys_source_when_both_are_shown()
    {
        const string work = "CO1.PCCNTR.4567820";
        await Office.PostAsJsonAsync($"/api/contracts/{work}/avances", new { date = Iso(Today.AddDays(-10)), percent = 70 });
        var secop = ObrasQr.Sync.SecopExecution.Read(new ObrasQr.Sync.ExecutionRow(work, "80", "60", Iso(Today.AddDays(-2)), Iso(Today.AddDays(-1))),
            Today, DateTimeOffset.UtcNow).Entry!;
        await factory.Service<IProgressStore>().AddAsync(secop);

        var html = await factory.CreateClient().GetStringAsync($"/o/{work}");
        var text = System.Net.WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", ""));
        var gallery = System.Net.WebUtility.HtmlDecode(Regex.Replace(Between(html, "aria-labelledby=\"avance\"", "</section>"), "<[^>]+>", ""));

        Assert.Contains("60 % ejecutado según SECOP II", text);                         // the newest observation, beside the money
        Assert.Contains("Avance físico: 60 % ejecutado, según SECOP II (ejecución del contrato, entrega del", text);
        Assert.Contains("Avance de la obra, según la oficina de contratación y SECOP II", gallery);
        Assert.Contains("60 % ejecutado, según SECOP II", gallery);
        Assert.Contains("70 % ejecutado, según la oficina de contratación", gallery);
        Assert.Contains("Menor que el registro anterior (70 %, según la oficina de contratación); así lo publica SECOP II.", gallery);
        Assert.Contains("Según SECOP II (ejecución del contrato): avance real 60 % en la entrega del", gallery);
        Assert.DoesNotContain("la oficina lo explica", gallery);
        var list = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/contracts/{work}/avances");
        Assert.Equal(["SECOP II (ejecución del contrato, datos.gov.co mfmm-jqmq)", "oficina de contratación"],
            list.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task Page_kept_in_memory_shows_a_new_entry_at_once()
    {
        const string work = "CO1.PCCNTR.4755031";
        var client = factory.CreateClient();
        var before = await client.GetStringAsync($"/o/{work}");

        await Office.PostAsJsonAsync($"/api/contracts/{work}/avances", new { date = Iso(Today), percent = 81 });
        var after = await client.GetStringAsync($"/o/{work}");

        Assert.DoesNotContain("81 % ejecutado", before);
        Assert.Contains("81 % ejecutado", after);
    }

    [Fact]
    public async Task Desk_form_records_an_entry_and_shows_it_as_the_latest()
    {
        const string work = "CO1.PCCNTR.4990127";
        var form = await Office.GetStringAsync($"/escritorio/obras/{work}/avance");
        var token = Regex.Match(form, "name=\"token\" value=\"([0-9a-f]{32})\"").Groups[1].Value;

        var posted = await OfficeDesk.PostAsync($"/escritorio/obras/{work}/avance",
            Form([("date", Iso(Today)), ("percent", "33"), ("note", "Cimentación terminada."), ("lat", "10.42"), ("lon", "-75.53"), ("token", token)]));
        var after = await Office.GetStringAsync(posted.Headers.Location!.ToString());

        Assert.Contains("method=\"post\" action=\"/escritorio/obras/CO1.PCCNTR.4990127/avance\" enctype=\"multipart/form-data\"", form);
        Assert.Contains("Esta obra no tiene avances registrados.", form);
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Contains("Avance registrado.", after);
        Assert.Contains("33 % ejecutado, observado el", after);
        Assert.DoesNotContain("<script", after);
    }

    [Fact]
    public async Task Desk_form_refused_comes_back_filled_in_with_the_reason_next_to_the_field_and_keeps_the_photos()
    {
        const string work = "CO1.PCCNTR.4688754";
        var token = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

        var refused = await Office.PostAsync($"/escritorio/obras/{work}/avance",
            Form([("date", Iso(Today)), ("percent", "ciento"), ("note", "Nota escrita."), ("token", token)], ("a.jpg", PhotoCleanerTests.Photo("gps.jpg"))));
        var html = await refused.Content.ReadAsStringAsync();
        var held = System.Text.RegularExpressions.Regex.Match(html, "name=\"held\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        var fixedUp = await OfficeDesk.PostAsync($"/escritorio/obras/{work}/avance",
            Form([("date", Iso(Today)), ("percent", "12"), ("note", "Nota escrita."), ("token", token), ("held", held)]));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("<p class=\"field-error\" id=\"percent-error\">El porcentaje debe ser un número de 0 a 100", html);
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"percent-help percent-error\"", html);
        Assert.Contains(">Nota escrita.</textarea>", html);
        Assert.Contains("1 foto ya recibida", html);
        Assert.Equal(HttpStatusCode.SeeOther, fixedUp.StatusCode);
        var list = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/contracts/{work}/avances");
        Assert.Equal(1, Assert.Single(list.GetProperty("entries").EnumerateArray()).GetProperty("photos").GetArrayLength());
    }

    [Fact]
    public async Task Desk_form_needs_an_office_key_or_session()
    {
        var anonymous = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/escritorio/obras/CO1.PCCNTR.4811290/avance");
        var auditor = await factory.ClientWithKey(ObrasQrFactory.AuditorKey).GetAsync("/escritorio/obras/CO1.PCCNTR.4811290/avance");

        // A desk page sends a visitor without a session to sign in, and back here after.
        Assert.Equal(HttpStatusCode.SeeOther, anonymous.StatusCode);
        Assert.StartsWith("/escritorio/entrar", anonymous.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, auditor.StatusCode);
    }

    static string Between(string html, string start, string end)
    {
        var from = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' not on the page");
        var to = html.IndexOf(end, from, StringComparison.Ordinal);
        return html[from..to];
    }
}

public sealed class ProgressCacheTests
{
    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Page_cache_renders_again_once_fresh_time_passes_after_an_entry_another_instance_added(StoreKind store)
    {
        var clock = ManualClock.AtNoonInColombia(2026, 11, 30);
        await using var factory = new ObrasQrFactory(store) { Clock = clock };
        var client = factory.CreateClient();
        var before = await client.GetStringAsync($"/o/{ContractId}");

        // Straight into the store, as another instance (a Functions worker) would: this one's cache is not told.
        await factory.Service<IProgressStore>().AddAsync(new ProgressEntry
        {
            EntryId = "otra-instancia", ContractId = ContractId, ObservedOn = new DateOnly(2026, 11, 29), Percent = 58,
            RecordedBy = "otra", RecordedAt = clock.GetUtcNow(),
        });
        var stillKept = await client.GetStringAsync($"/o/{ContractId}");
        clock.Advance(ContractPageCache.Freshness + TimeSpan.FromSeconds(1));
        var refreshed = await client.GetStringAsync($"/o/{ContractId}");

        Assert.DoesNotContain("58 % ejecutado", before);
        Assert.DoesNotContain("58 % ejecutado", stillKept);
        Assert.Contains("58 % ejecutado", refreshed);
    }
}
