using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Reports;

/// <summary>A refused form costs little and keeps what the citizen typed: every refusal counts toward the address's
/// budget, no photo is decoded for a refused form, and held photos are the server's to name and cap.</summary>
public abstract partial class RefusedFormTests(StoreKind store)
{
    public sealed class OnSqlite() : RefusedFormTests(StoreKind.Sqlite);
    public sealed class OnAzure() : RefusedFormTests(StoreKind.Azure);

    ObrasQrFactory Factory(string perHour = "60", TimeProvider? clock = null)
    {
        var factory = new ObrasQrFactory(store) { Clock = clock };
        factory.Settings["ObrasQr:Reports:MaxPerClientPerHour"] = perHour;
        return factory;
    }

    static (string, string)[] Fields(string description, params (string, string)[] more) =>
        [("category", "otro"), ("description", description), .. more];

    [Fact]
    public async Task Twelve_refused_forms_with_49_megapixel_photos_meet_429_after_the_budget()
    {
        using var factory = Factory();
        var client = factory.CreateClient();
        var bomb = HostilePhotoTests.Png(7_000, 7_000); // 49 MP: within the header's limit, 147 MB once decoded

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
            codes.Add((await client.PostAsync($"/o/{ContractId}/reportes",
                Form(Fields("corto"), [.. Enumerable.Range(1, 5).Select(n => ($"foto{n}.png", bomb))]))).StatusCode);

        Assert.Equal(10, codes.Count(c => c == HttpStatusCode.BadRequest)); // the default burst: ten a minute
        Assert.Equal(2, codes.Count(c => c == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task A_form_with_a_wrong_field_decodes_no_photo_and_holds_it()
    {
        using var factory = Factory();
        // A true header over broken pixel data: decoding it would say so; only the field's problem may be said.
        var broken = HostilePhotoTests.Png(40, 40);

        var response = await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes", Form(Fields("corto"), ("foto.png", broken)));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("al menos", html);
        Assert.DoesNotContain("no es una imagen", html);
        Assert.Contains("1 foto ya recibida", html);
    }

    [Fact]
    public async Task A_photo_whose_header_declares_too_many_pixels_is_refused_from_the_header_on_the_form()
    {
        using var factory = Factory();
        var response = await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes",
            Form(Fields(Unique("Una foto con demasiados píxeles declarados.")), ("enorme.png", HostilePhotoTests.Png(30_000, 30_000))));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("demasiados píxeles", html); // said from the header: its pixel data is a few rows, never decoded
        Assert.DoesNotContain("ya recibida", html);
    }

    [Fact]
    public async Task A_token_the_client_chooses_holds_and_finds_nothing()
    {
        using var factory = Factory();
        var client = factory.CreateClient();
        var chosen = new string('a', 32);
        var photo = PhotoCleanerTests.Photo("gps.jpg");

        var refused = await (await client.PostAsync($"/o/{ContractId}/reportes",
            Form(Fields("corto", ("token", chosen), ("held", chosen)), ("foto.jpg", photo)))).Content.ReadAsStringAsync();
        var issued = HeldToken().Match(refused).Groups[1].Value;
        var description = Unique("Con la clave que elegí yo.");
        var filed = await client.PostAsync($"/o/{ContractId}/reportes", Form(Fields(description, ("token", chosen), ("held", chosen))));

        Assert.NotEqual(chosen, issued);
        Assert.Matches("^[0-9a-f]{32}$", issued);
        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
        Assert.Equal(0, (await factory.FindAsAuditor(description)).GetProperty("photos").GetInt32());
    }

    [Fact]
    public async Task The_servers_token_brings_the_held_photo_to_the_filed_report()
    {
        using var factory = Factory();
        var client = factory.CreateClient();
        var refused = await (await client.PostAsync($"/o/{ContractId}/reportes",
            Form(Fields("corto"), ("foto.jpg", PhotoCleanerTests.Photo("gps.jpg"))))).Content.ReadAsStringAsync();
        var description = Unique("Ahora con la descripción completa.");

        var filed = await client.PostAsync($"/o/{ContractId}/reportes", Form(Fields(description, ("held", HeldToken().Match(refused).Groups[1].Value))));

        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
        Assert.Equal(1, (await factory.FindAsAuditor(description)).GetProperty("photos").GetInt32());
    }

    [Fact]
    public async Task A_rate_limited_form_comes_back_filled_in_with_its_photo_held_and_when_to_try_again()
    {
        var clock = ObrasQr.Tests.ManualClock.AtNoonInColombia(2026, 6, 2);
        using var factory = Factory(perHour: "1", clock);
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/o/{ContractId}/reportes", Form(Fields(Unique("El primero del día."))))).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(18));
        var typed = Unique("Un texto largo que la ciudadana escribió con cuidado.");

        var limited = await client.PostAsync($"/o/{ContractId}/reportes", Form(Fields(typed), ("foto.jpg", PhotoCleanerTests.Photo("gps.jpg"))));
        var html = WebUtility.HtmlDecode(await limited.Content.ReadAsStringAsync());
        var api = await client.PostAsync($"/api/contracts/{ContractId}/reports", Form(Fields(typed)));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(42), limited.Headers.RetryAfter?.Delta);
        Assert.Contains(typed, html);
        Assert.Contains("podrá enviarlo de nuevo a las 13:00", html);
        Assert.Contains("1 foto ya recibida", html);
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(api.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task A_rate_limited_form_within_the_last_minute_says_in_1_minute()
    {
        var clock = ObrasQr.Tests.ManualClock.AtNoonInColombia(2026, 6, 2);
        using var factory = Factory(perHour: "1", clock);
        var client = factory.CreateClient();
        await client.PostAsync($"/o/{ContractId}/reportes", Form(Fields(Unique("El primero del día."))));
        clock.Advance(TimeSpan.FromMinutes(59.5));

        var html = await (await client.PostAsync($"/o/{ContractId}/reportes", Form(Fields(Unique("Casi a la hora."))))).Content.ReadAsStringAsync();

        Assert.Contains("podrá enviarlo de nuevo en 1 minuto", WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task An_iphone_heic_photo_is_refused_asking_for_jpeg_or_png_on_the_form_and_the_api()
    {
        using var factory = Factory();
        var client = factory.CreateClient();
        var heic = PhotoCleanerTests.Photo("iphone.heic");

        var form = await client.PostAsync($"/o/{ContractId}/reportes", Form(Fields(Unique("Foto tomada con un iPhone.")), ("IMG_0001.HEIC", heic)));
        var api = await client.PostAsync($"/api/contracts/{ContractId}/reports", Form(Fields(Unique("Foto tomada con un iPhone.")), ("IMG_0001.HEIC", heic)));

        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Contains("envíela como JPEG o PNG", WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("HEIC", await api.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("name=\"held\" value=\"([0-9a-f]*)\"")]
    private static partial Regex HeldToken();
}
