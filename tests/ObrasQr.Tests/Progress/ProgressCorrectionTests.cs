using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using ObrasQr.Auth;
using ObrasQr.Progress;
using ObrasQr.Storage;
using ObrasQr.Tests.Reports;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Progress;

/// <summary>The office corrects or deletes its own progress entries (API and desk): the public page, the map and the
/// open data show only the current state; the store keeps every earlier one. Each test uses its own demo work.</summary>
public abstract class ProgressCorrectionTests
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : ProgressCorrectionTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : ProgressCorrectionTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    const string OtherOfficeKey = "test-other-office-key-0b7c";
    readonly ObrasQrFactory factory;

    protected ProgressCorrectionTests(ObrasQrFactory factory)
    {
        this.factory = factory;
        // Read when the server starts, at the first request of the class's first test.
        factory.Settings["ObrasQr:Auth:Keys:2:Name"] = "oficina-otra-alcaldia";
        factory.Settings["ObrasQr:Auth:Keys:2:Role"] = Roles.Office;
        factory.Settings["ObrasQr:Auth:Keys:2:Sha256"] = ApiKeys.Digest(OtherOfficeKey);
        factory.Settings["ObrasQr:Auth:Keys:2:EntityNit"] = "890801053"; // not Cartagena's 890480184
    }

    static string DaysAgo(int days) => ColombiaTime.Today(TimeProvider.System).AddDays(-days).ToString("yyyy-MM-dd");

    HttpClient Office => Desk(ObrasQrFactory.OfficeKey);

    /// <summary>A key client that shows redirects instead of following them (the desk's forms answer 303).</summary>
    HttpClient Desk(string key)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    async Task<JsonElement> RecordAsync(string work, object entry)
    {
        var created = await Office.PostAsJsonAsync($"/api/contracts/{work}/avances", entry);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await created.Json();
    }

    static HttpRequestMessage Deletion(string work, string entryId, object body) =>
        new(HttpMethod.Delete, $"/api/contracts/{work}/avances/{entryId}") { Content = JsonContent.Create(body) };

    static string Figure(string html)
    {
        var from = html.IndexOf("id=\"avance-fisico\"", StringComparison.Ordinal);
        return html[from..html.IndexOf("</p>", from, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task A_correction_changes_the_page_and_the_open_data_and_the_history_keeps_the_earlier_state_with_who_and_when()
    {
        const string work = "CO1.PCCNTR.4120988";
        var entry = await RecordAsync(work, new { date = DaysAgo(4), percent = 61, note = "Canal revestido." });
        var id = entry.GetProperty("entryId").GetString()!;
        var before = await factory.CreateClient().GetStringAsync($"/o/{work}"); // kept by the page cache
        var startedAt = DateTimeOffset.UtcNow;

        var corrected = await Office.PatchAsJsonAsync($"/api/contracts/{work}/avances/{id}",
            new { version = 1, percent = 16, note = "Eran 16 %, no 61 %.", reason = "Se invirtieron las cifras." });

        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal(2, (await corrected.Json()).GetProperty("version").GetInt32());
        Assert.Contains("61 % ejecutado", Figure(before));
        var page = await factory.CreateClient().GetStringAsync($"/o/{work}");
        Assert.Contains("<strong>16 % ejecutado</strong>", Figure(page));
        Assert.DoesNotContain("61 % ejecutado", page);
        Assert.Contains("Eran 16 %, no 61 %.", page);
        var listed = Assert.Single((await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/contracts/{work}/avances"))
            .GetProperty("entries").EnumerateArray());
        Assert.Equal((16m, DaysAgo(4)), (listed.GetProperty("percent").GetDecimal(), listed.GetProperty("date").GetString()));

        var earlier = Assert.Single(await factory.Service<IProgressStore>().HistoryAsync(work, id));
        Assert.Equal((61m, "Canal revestido.", 1), (earlier.Was.Percent, earlier.Was.Note, earlier.Was.Version));
        Assert.Equal(("oficina-contratacion", "Se invirtieron las cifras.", false), (earlier.ChangedBy, earlier.Reason, earlier.Deleted));
        Assert.InRange(earlier.ChangedAt, startedAt, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task A_deleted_entry_leaves_the_page_the_map_and_the_open_data_and_its_photos_answer_404_but_their_files_are_kept()
    {
        const string work = "CO1.PCCNTR.3987001";
        var created = await Office.PostAsync($"/api/contracts/{work}/avances",
            Form([("date", DaysAgo(2)), ("percent", "33"), ("lat", "10.4377"), ("lon", "-75.5123")], ("a.jpg", PhotoCleanerTests.Photo("gps.jpg"))));
        var entry = await created.Json();
        var id = entry.GetProperty("entryId").GetString()!;
        var photo = entry.GetProperty("photos")[0].GetString()!;
        var anyone = factory.CreateClient();
        Assert.Contains("data-lat=\"10.4377\"", await anyone.GetStringAsync("/mapa"));
        Assert.Contains("33 % ejecutado", await anyone.GetStringAsync($"/o/{work}"));

        var deleted = await Office.SendAsync(Deletion(work, id, new { version = 1, reason = "Se registró en la obra equivocada." }));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var page = await anyone.GetStringAsync($"/o/{work}");
        Assert.DoesNotContain("33 % ejecutado", page);
        Assert.DoesNotContain(id, page);
        Assert.DoesNotContain("data-lat=\"10.4377\"", await anyone.GetStringAsync("/mapa"));
        Assert.Empty((await anyone.GetFromJsonAsync<JsonElement>($"/api/contracts/{work}/avances")).GetProperty("entries").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync(photo)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync(photo + "/miniatura")).StatusCode);
        var last = Assert.Single(await factory.Service<IProgressStore>().HistoryAsync(work, id));
        Assert.True(last.Deleted);
        Assert.Equal(("Se registró en la obra equivocada.", "oficina-contratacion"), (last.Reason, last.ChangedBy));
        await using var kept = await factory.Service<IFileStore>().OpenReadAsync(last.Was.Photos[0]);
        Assert.NotNull(kept);
    }

    [Fact]
    public async Task A_photo_removed_by_a_correction_leaves_its_number_empty_and_the_others_keep_their_addresses_and_bytes()
    {
        const string work = "CO1.PCCNTR.5214873";
        var created = await Office.PostAsync($"/api/contracts/{work}/avances", Form([("date", DaysAgo(1)), ("percent", "12")],
            ("a.jpg", PhotoCleanerTests.Photo("gps.jpg")), ("b.png", PhotoCleanerTests.Photo("gps.png")), ("c.jpg", PhotoCleanerTests.Photo("gps.jpg"))));
        var entry = await created.Json();
        var id = entry.GetProperty("entryId").GetString()!;
        var photos = entry.GetProperty("photos").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.EndsWith("/fotos/3", photos[2]);
        var anyone = factory.CreateClient();
        var third = await anyone.GetByteArrayAsync(photos[2]);
        var thirdSmall = await anyone.GetByteArrayAsync(photos[2] + "/miniatura");
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync(photos[1] + "/miniatura")).StatusCode); // now kept in memory

        var corrected = await Office.PatchAsJsonAsync($"/api/contracts/{work}/avances/{id}", new { version = 1, removePhotos = new[] { 2 } });

        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal([photos[0], photos[2]], (await corrected.Json()).GetProperty("photos").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync(photos[1])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync(photos[1] + "/miniatura")).StatusCode);
        Assert.Equal(third, await anyone.GetByteArrayAsync(photos[2]));
        Assert.Equal(thirdSmall, await anyone.GetByteArrayAsync(photos[2] + "/miniatura"));
        var page = await anyone.GetStringAsync($"/o/{work}");
        Assert.Contains($"href=\"{photos[0]}\"", page);
        Assert.Contains($"href=\"{photos[2]}\"", page);
        Assert.DoesNotContain(photos[1] + "\"", page);
        Assert.Contains("Foto 2 de 2 del avance", page);
        var listed = Assert.Single((await anyone.GetFromJsonAsync<JsonElement>($"/api/contracts/{work}/avances")).GetProperty("entries").EnumerateArray());
        Assert.Equal([photos[0], photos[2]], listed.GetProperty("photos").EnumerateArray().Select(p => p.GetString()));
        var form = await Office.GetStringAsync($"/escritorio/obras/{work}/avance/{id}");
        Assert.Contains("name=\"quitar-foto\" value=\"3\"", form);
        Assert.DoesNotContain("name=\"quitar-foto\" value=\"2\"", form);

        var again = await Office.PatchAsJsonAsync($"/api/contracts/{work}/avances/{id}", new { version = 2, removePhotos = new[] { 2 } });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("1, 3", (await again.Json()).GetProperty("errors").GetProperty("removePhotos")[0].GetString());
        var last = await Office.PatchAsJsonAsync($"/api/contracts/{work}/avances/{id}", new { version = 2, removePhotos = new[] { 1 } });
        Assert.Equal([photos[2]], (await last.Json()).GetProperty("photos").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(third, await anyone.GetByteArrayAsync(photos[2]));
    }

    [Fact]
    public async Task An_entry_stored_before_photos_kept_their_numbers_reads_with_every_photo_numbered_in_order()
    {
        const string work = "CO1.PCCNTR.3211456";
        var created = await Office.PostAsync($"/api/contracts/{work}/avances", Form([("date", DaysAgo(2)), ("percent", "18")],
            ("a.jpg", PhotoCleanerTests.Photo("gps.jpg")), ("b.png", PhotoCleanerTests.Photo("gps.png"))));
        var id = (await created.Json()).GetProperty("entryId").GetString()!;
        var progress = factory.Service<IProgressStore>();
        var recorded = (await progress.FindAsync(work, id))!;
        // As a correction stored it before: the removed photo's path taken out of the lists, no removedPhotos.
        Assert.True(await progress.CorrectAsync(recorded with { Photos = [recorded.Photos[1]], Thumbnails = [recorded.Thumbnails[1]], Version = 2 },
            new ProgressRevision { Was = recorded, ChangedBy = "oficina-contratacion", ChangedAt = DateTimeOffset.UtcNow }));

        var entry = (await progress.FindAsync(work, id))!;

        Assert.Empty(entry.RemovedPhotos);
        Assert.Equal([1], entry.ShownPhotos);
        Assert.Equal(recorded.Photos[1], entry.PhotoAt(1));
        Assert.Null(entry.PhotoAt(2));
    }

    [Fact]
    public async Task A_thumbnail_already_viewed_answers_404_on_this_instance_as_soon_as_its_entry_is_deleted()
    {
        const string work = "CO1.PCCNTR.3398742";
        var created = await Office.PostAsync($"/api/contracts/{work}/avances",
            Form([("date", DaysAgo(6)), ("percent", "40")], ("a.jpg", PhotoCleanerTests.Photo("gps.jpg"))));
        var entry = await created.Json();
        var thumbnail = entry.GetProperty("photos")[0].GetString()! + "/miniatura";
        var anyone = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync(thumbnail)).StatusCode); // now kept in memory

        var deleted = await Office.SendAsync(Deletion(work, entry.GetProperty("entryId").GetString()!, new { version = 1, reason = "Fotos de otra obra." }));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync(thumbnail)).StatusCode);
    }

    [Fact]
    public async Task A_second_correction_from_the_same_version_gets_409_problem_json_and_changes_nothing()
    {
        const string work = "CO1.PCCNTR.5288140";
        var id = (await RecordAsync(work, new { date = DaysAgo(3), percent = 50 })).GetProperty("entryId").GetString()!;

        var first = await Office.PatchAsJsonAsync($"/api/contracts/{work}/avances/{id}", new { version = 1, percent = 52 });
        var second = await Office.PatchAsJsonAsync($"/api/contracts/{work}/avances/{id}", new { version = 1, percent = 55 });
        var staleDelete = await Office.SendAsync(Deletion(work, id, new { version = 1, reason = "Duplicado." }));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var problem = await second.Json();
        Assert.Equal("Conflicto", problem.GetProperty("title").GetString());
        Assert.Contains("Alguien cambió este avance", problem.GetProperty("errors").GetProperty("version")[0].GetString());
        Assert.Equal(HttpStatusCode.Conflict, staleDelete.StatusCode);
        Assert.Equal(52, (await factory.Service<IProgressStore>().FindAsync(work, id))!.Percent);
    }

    [Fact]
    public async Task Another_entitys_office_can_neither_correct_nor_delete_nor_open_the_forms()
    {
        const string work = "CO1.PCCNTR.5102366";
        var id = (await RecordAsync(work, new { date = DaysAgo(3), percent = 20 })).GetProperty("entryId").GetString()!;
        var other = Desk(OtherOfficeKey);

        var patch = await other.PatchAsJsonAsync($"/api/contracts/{work}/avances/{id}", new { version = 1, percent = 90 });
        var delete = await other.SendAsync(Deletion(work, id, new { version = 1, reason = "No." }));
        var form = await other.GetAsync($"/escritorio/obras/{work}/avance/{id}");
        var confirm = await other.GetAsync($"/escritorio/obras/{work}/avance/{id}/eliminar");
        var post = await other.PostAsync($"/escritorio/obras/{work}/avance/{id}/eliminar",
            new FormUrlEncodedContent([new("version", "1"), new("motivo", "No.")]));

        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        Assert.Equal("application/problem+json", patch.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, form.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        var kept = (await factory.Service<IProgressStore>().FindAsync(work, id))!;
        Assert.Equal((20m, 1), (kept.Percent, kept.Version));
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientWithKey(ObrasQrFactory.AuditorKey)
            .PatchAsJsonAsync($"/api/contracts/{work}/avances/{id}", new { version = 1, percent = 90 })).StatusCode);
    }

    [Fact]
    public async Task Secop_iis_own_entries_cannot_be_changed_and_a_change_without_version_or_a_deletion_without_reason_is_refused()
    {
        const string work = "CO1.PCCNTR.5402219";
        await factory.Service<IProgressStore>().AddAsync(new ProgressEntry
        {
            EntryId = "secop-5402219-1", ContractId = work, ObservedOn = ColombiaTime.Today(TimeProvider.System).AddDays(-9), Percent = 10,
            RecordedBy = "SECOP II", RecordedAt = DateTimeOffset.UtcNow, Source = ProgressSource.Secop,
        });
        var id = (await RecordAsync(work, new { date = DaysAgo(2), percent = 30 })).GetProperty("entryId").GetString()!;

        var secop = await Office.PatchAsJsonAsync($"/api/contracts/{work}/avances/secop-5402219-1", new { version = 1, percent = 12 });
        var noVersion = await Office.PatchAsJsonAsync($"/api/contracts/{work}/avances/{id}", new { percent = 31 });
        var noReason = await Office.SendAsync(Deletion(work, id, new { version = 1 }));
        var wrongType = await Office.PatchAsJsonAsync($"/api/contracts/{work}/avances/{id}", new { version = "uno" });
        var badPhoto = await Office.PatchAsJsonAsync($"/api/contracts/{work}/avances/{id}", new { version = 1, removePhotos = new[] { 1 } });

        Assert.Equal(HttpStatusCode.Forbidden, secop.StatusCode);
        Assert.Contains("solo se corrigen o eliminan los avances que registró la oficina", (await secop.Json()).GetProperty("errors").GetProperty("entryId")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
        Assert.True((await noVersion.Json()).GetProperty("errors").TryGetProperty("version", out _));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Escriba por qué elimina", (await noReason.Json()).GetProperty("errors").GetProperty("reason")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPhoto.StatusCode);
        Assert.Equal(2, (await factory.Service<IProgressStore>().ListAsync(work, 10)).Count);
    }

    [Fact]
    public async Task On_the_desk_each_entry_has_corregir_and_eliminar_and_deleting_asks_for_a_reason_first()
    {
        const string work = "CO1.PCCNTR.5333908";
        var id = (await RecordAsync(work, new { date = DaysAgo(5), percent = 70, note = "Pavimento listo." })).GetProperty("entryId").GetString()!;
        var desk = await Office.GetStringAsync($"/escritorio/obras/{work}/avance");
        Assert.Contains($"href=\"/escritorio/obras/{work}/avance/{id}\"", desk);
        Assert.Contains($"href=\"/escritorio/obras/{work}/avance/{id}/eliminar\"", desk);

        var form = WebUtility.HtmlDecode(await Office.GetStringAsync($"/escritorio/obras/{work}/avance/{id}"));
        Assert.Contains("name=\"version\" value=\"1\"", form);
        Assert.Contains("value=\"70\"", form);
        var saved = await Office.PostAsync($"/escritorio/obras/{work}/avance/{id}", new FormUrlEncodedContent(
            [new("version", "1"), new("date", DaysAgo(5)), new("percent", "75"), new("note", "Pavimento y andenes listos."), new("lat", ""), new("lon", "")]));
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal($"/escritorio/obras/{work}/avance?corregido=1", saved.Headers.Location?.OriginalString);
        Assert.Contains("75 % ejecutado", Figure(await factory.CreateClient().GetStringAsync($"/o/{work}")));

        var confirm = WebUtility.HtmlDecode(await Office.GetStringAsync($"/escritorio/obras/{work}/avance/{id}/eliminar"));
        Assert.Contains("¿Eliminar este avance?", confirm);
        Assert.Contains("name=\"version\" value=\"2\"", confirm);
        var withoutReason = await Office.PostAsync($"/escritorio/obras/{work}/avance/{id}/eliminar",
            new FormUrlEncodedContent([new("version", "2"), new("motivo", " ")]));
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Contains("Escriba por qué elimina el avance", WebUtility.HtmlDecode(await withoutReason.Content.ReadAsStringAsync()));
        Assert.NotNull(await factory.Service<IProgressStore>().FindAsync(work, id));

        var deleted = await Office.PostAsync($"/escritorio/obras/{work}/avance/{id}/eliminar",
            new FormUrlEncodedContent([new("version", "2"), new("motivo", "La obra no tuvo visita ese día.")]));
        Assert.Equal(HttpStatusCode.SeeOther, deleted.StatusCode);
        Assert.Equal($"/escritorio/obras/{work}/avance?eliminado=1", deleted.Headers.Location?.OriginalString);
        Assert.Contains("Avance eliminado.", await Office.GetStringAsync($"/escritorio/obras/{work}/avance?eliminado=1"));
        Assert.Null(await factory.Service<IProgressStore>().FindAsync(work, id));
        Assert.Equal([1, 2], (await factory.Service<IProgressStore>().HistoryAsync(work, id)).Select(r => r.Was.Version));
    }
}

/// <summary>The page cache sees a correction made on another instance (straight in the store here, so this instance's
/// cache is not told): it compares a count of changes, which a correction moves though the entries' count stays.</summary>
public sealed class ProgressCorrectionOnOtherInstanceTests
{
    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_correction_stored_by_another_instance_shows_once_the_page_is_checked_again(StoreKind store)
    {
        const string work = "CO1.PCCNTR.4876512";
        var clock = ManualClock.AtNoonInColombia(2026, 12, 4);
        await using var factory = new ObrasQrFactory(store) { Clock = clock };
        var created = await factory.ClientWithKey(ObrasQrFactory.OfficeKey).PostAsJsonAsync($"/api/contracts/{work}/avances",
            new { date = "2026-12-01", percent = 44 });
        var id = (await created.Json()).GetProperty("entryId").GetString()!;
        var anyone = factory.CreateClient();
        Assert.Contains("44 % ejecutado", await anyone.GetStringAsync($"/o/{work}"));

        var progress = factory.Service<IProgressStore>();
        var entry = (await progress.FindAsync(work, id))!;
        Assert.True(await progress.CorrectAsync(entry with { Percent = 48, Version = 2 },
            new ProgressRevision { Was = entry, ChangedBy = "Otra instancia", ChangedAt = clock.GetUtcNow() }));
        clock.Advance(ObrasQr.Pages.ContractPageCache.Freshness);

        var page = await anyone.GetStringAsync($"/o/{work}");
        Assert.Contains("48 % ejecutado", page);
        Assert.DoesNotContain("44 % ejecutado", page);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task An_entry_deleted_by_another_instance_has_its_photo_404_at_once_and_its_kept_thumbnail_404_once_checked_again(StoreKind store)
    {
        const string work = "CO1.PCCNTR.4876512";
        var clock = ManualClock.AtNoonInColombia(2026, 12, 4);
        await using var factory = new ObrasQrFactory(store) { Clock = clock };
        var created = await factory.ClientWithKey(ObrasQrFactory.OfficeKey).PostAsync($"/api/contracts/{work}/avances",
            Form([("date", "2026-12-02"), ("percent", "30")], ("a.jpg", PhotoCleanerTests.Photo("gps.jpg"))));
        var entry = await created.Json();
        var photo = entry.GetProperty("photos")[0].GetString()!;
        var anyone = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync(photo + "/miniatura")).StatusCode); // now kept in memory

        var progress = factory.Service<IProgressStore>();
        var stored = (await progress.FindAsync(work, entry.GetProperty("entryId").GetString()!))!;
        Assert.True(await progress.DeleteAsync(new ProgressRevision { Was = stored, ChangedBy = "Otra instancia", ChangedAt = clock.GetUtcNow(), Deleted = true }));

        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync(photo)).StatusCode);
        clock.Advance(ThumbnailCache.Recheck);
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync(photo + "/miniatura")).StatusCode);
    }
}
