using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using ObrasQr.Reports;
using ObrasQr.Tests;

namespace ObrasQr.Fuzz.Tests;

/// <summary>
/// Generated report bodies to the API, the page's form and the lookups, through the real pipeline: never a 500 or an
/// exception; a refused submission stores nothing; API errors are problem+json, form errors an HTML page.
/// </summary>
public sealed class ReportFuzzTests : IDisposable
{
    const string ContractId = "CO1.PCCNTR.5361557";
    readonly ObrasQrFactory factory = new();

    public ReportFuzzTests()
    {
        factory.Settings["ObrasQr:Reports:MaxPerClientPerHour"] = "0";
        factory.Settings["ObrasQr:Reports:MaxLookupsPerClientPerMinute"] = "0";
    }

    public void Dispose() => factory.Dispose();

    // How the cases ended, so a run that never got a report accepted (or never refused one) fails.
    readonly Dictionary<string, int> outcomes = [];

    void Covered() => Assert.True(outcomes.GetValueOrDefault("accepted") > 0 && outcomes.GetValueOrDefault("refused") > 0, string.Join(", ", outcomes));

    static readonly string[] FieldNames =
    [
        "category", "description", "anonymous", "location.lat", "location.lon", "location.text", "lat", "lon", "place",
        "reporter.name", "reporter.email", "reporter.phone", "reporter.consent", "name", "email", "phone", "consent", "token",
    ];

    static readonly string[] Categories = ["sobrecosto", "mala_calidad", "obra_abandonada", "cobro_indebido", "riesgo_comunidad", "otro"];

    static Gen<string> Value => Gen.OneOf(Fuzz.Text, Gen.Elements(Categories), Gen.Elements("si", "no", "true", "false", "on", "-91", "181", "10.4", "-75.5"),
        Gen.Constant("El andén nuevo ya tiene grietas y huecos grandes."));

    static Gen<(string, string)[]> Fields =>
        Gen.ListOf(from name in Gen.OneOf(Gen.Elements(FieldNames), Fuzz.Text) from value in Value select (name, value)).Select(f => f.Take(20).ToArray());

    static readonly string[] Photos = ["photos/gps.jpg", "photos/gps.png", "photos/gps.webp", "photos/progressive-restarts.jpg"];

    static Gen<byte[][]> PhotoGen =>
        Gen.ListOf(from seed in Gen.Elements(Photos) from m in Gen.ListOf(Fuzz.MutationGen).Select(l => l.Take(4).ToArray())
                   select Fuzz.Apply(File.ReadAllBytes(Fuzz.Corpus(seed)), m)).Select(l => l.Take(3).ToArray());

    [Fact]
    public void Generated_json_bodies_to_the_api_never_crash()
    {
        var jsonValue = Gen.OneOf(Value.Select(v => (object?)v), Gen.Elements<object?>(null, true, 1e308, -90.0, 180.5, 12345678901234L),
            Gen.Constant<object?>(new { lat = "NaN", lon = "Infinity", text = "x" }), Gen.Constant<object?>(new { name = "Ana", email = "a@b.co", consent = true }));
        var body = Gen.OneOf(
            // A valid report with some fields replaced or added: reaches the rules, not just the parser.
            from category in Gen.Elements(Categories)
            from changes in Gen.ListOf(from k in Gen.OneOf(Gen.Elements("category", "description", "anonymous", "location", "reporter"), Fuzz.Text)
                                       from v in jsonValue select (k, v))
            select JsonSerializer.SerializeToUtf8Bytes(changes.Take(4).Aggregate(
                new Dictionary<string, object?> { ["category"] = category, ["description"] = "El andén nuevo ya tiene grietas y huecos grandes." },
                (d, c) => { d[c.k] = c.v; return d; })),
            ArbMap.Default.GeneratorFor<byte[]>().Select(b => b ?? []),
            Fuzz.Text.Select(t => Encoding.UTF8.GetBytes(t)));
        var gen = from b in body
                  from type in Gen.Elements("application/json", "application/json; charset=utf-8", "text/plain", "multipart/form-data", "application/x-www-form-urlencoded", "")
                  from key in Gen.OneOf(Gen.Constant<string?>(null), Gen.Elements<string?>("k1", new string('k', 201)), ArbMap.Default.GeneratorFor<Guid>().Select(g => (string?)g.ToString()))
                  select (b, type, key);
        Prop.ForAll(gen.ToArbitrary(), c => Fuzz.Wait(async () =>
        {
            var content = new ByteArrayContent(c.b);
            if (c.type != "") content.Headers.TryAddWithoutValidation("Content-Type", c.type);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/contracts/{ContractId}/reports") { Content = content };
            if (c.key is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", c.key);
            await Submit(request, api: true);
        })).Check(Fuzz.Config(150));
        Covered();
    }

    [Fact]
    public void Generated_forms_with_mutated_photos_never_crash()
    {
        var gen = from fields in Fields
                  from photos in PhotoGen
                  from multipart in ArbMap.Default.GeneratorFor<bool>()
                  from api in ArbMap.Default.GeneratorFor<bool>()
                  select (fields, photos, multipart, api);
        Prop.ForAll(gen.ToArbitrary(), c => Fuzz.Wait(async () =>
        {
            HttpContent content;
            if (c.multipart || c.photos.Length > 0)
            {
                var form = new MultipartFormDataContent();
                foreach (var (name, value) in c.fields)
                {
                    var part = new StringContent(value);
                    part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name={Quote(name)}");
                    form.Add(part);
                }
                foreach (var photo in c.photos) form.Add(new ByteArrayContent(photo) { Headers = { ContentType = new("image/jpeg") } }, "photos", "foto.jpg");
                content = form;
            }
            else content = new FormUrlEncodedContent(c.fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));
            var path = c.api ? $"/api/contracts/{ContractId}/reports" : $"/o/{ContractId}/reportes";
            await Submit(new HttpRequestMessage(HttpMethod.Post, path) { Content = content }, c.api);
        })).Check(Fuzz.Config(100));
        Covered();
    }

    [Fact]
    public void Generated_lookups_never_crash()
    {
        var gen = from code in Fuzz.Text
                  from raw in ArbMap.Default.GeneratorFor<byte[]>()
                  from page in ArbMap.Default.GeneratorFor<bool>()
                  select (code, raw: raw ?? [], page);
        Prop.ForAll(gen.ToArbitrary(), c => Fuzz.Wait(async () =>
        {
            var client = factory.CreateClient();
            var response = c.page
                ? await client.PostAsync("/seguimiento", new FormUrlEncodedContent([new("code", c.code)]))
                : await client.PostAsync("/api/reports/lookup", c.raw.Length % 2 == 0
                    ? new StringContent(JsonSerializer.Serialize(new { trackingCode = c.code }), Encoding.UTF8, "application/json")
                    : new ByteArrayContent(c.raw) { Headers = { ContentType = new("application/json") } });
            Assert.True((int)response.StatusCode < 500, $"lookup answered {(int)response.StatusCode}");
        })).Check(Fuzz.Config(60));
    }

    // Multipart part names are quoted strings: quotes, control and non-ASCII characters are sent percent-encoded, as browsers do.
    static string Quote(string name) => "\"" + string.Concat(name.Select(ch =>
        ch < 0x20 || ch > 0x7E ? $"%{(int)ch:X2}" : ch == '"' ? "%22" : ch == '\\' ? "%5C" : ch.ToString())) + "\"";

    async Task Submit(HttpRequestMessage request, bool api)
    {
        var reports = factory.Service<IReportStore>();
        var before = await reports.CountForContractAsync(ContractId);
        using var response = await factory.CreateClient().SendAsync(request);
        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"answered {status}: {await response.Content.ReadAsStringAsync()}");
        var type = response.Content.Headers.ContentType?.MediaType;
        if (status >= 400) Assert.Equal(api ? "application/problem+json" : "text/html", type);
        var after = await reports.CountForContractAsync(ContractId);
        var outcome = status >= 400 ? "refused" : "accepted";
        outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        if (status >= 400 || response.Headers.Contains("Idempotent-Replayed")) Assert.Equal(before, after);
        else Assert.Equal(before + 1, after);
    }
}
