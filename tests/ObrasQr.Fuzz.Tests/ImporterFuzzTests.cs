using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using ObrasQr.Contracts;
using ObrasQr.Secop;
using ObrasQr.Tests;

namespace ObrasQr.Fuzz.Tests;

/// <summary>
/// Generated and mutated SECOP exports (CSV, JSON, xlsx) through the real upload and sync: never a 500 or an
/// exception, every upload finished (imported or rejected, never left pending), and a rejected file changes no
/// contract.
/// </summary>
public sealed class ImporterFuzzTests : IDisposable
{
    readonly ObrasQrFactory factory = new();
    readonly HttpClient office;

    public ImporterFuzzTests() => office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);

    // How the cases ended, so a run that only ever hit one path (say, every file refused at upload) fails.
    readonly Dictionary<string, int> outcomes = [];

    public void Dispose() => factory.Dispose();

    static readonly (string File, string ContentType)[] Seeds =
    [
        ("secop-new-works.csv", "text/csv"), ("secop/bad-rows.csv", "text/csv"), ("secop/semicolon.csv", "text/csv"),
        ("secop/utf8-bom.csv", "text/csv"), ("secop/windows-1252.csv", "text/csv"), ("secop/utf16-tabs.txt", "text/plain"),
        ("secop/shuffled-columns.csv", "text/csv"), ("secop/soda-export.json", "application/json"),
        ("secop/soda-page-0.json", "application/json"), ("secop/spreadsheet.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ];

    [Fact]
    public void Mutated_exports_never_crash_and_rejected_ones_change_nothing()
    {
        var gen = from seed in Gen.Elements(Seeds)
                  from mutations in Gen.ListOf(Fuzz.MutationGen).Select(l => l.Take(8).ToArray())
                  select (seed, mutations);
        Prop.ForAll(gen.ToArbitrary(), c => Fuzz.Wait(() =>
            UploadAndSync(Fuzz.Apply(File.ReadAllBytes(Fuzz.Corpus(c.seed.File)), c.mutations), c.seed.ContentType)))
            .Check(Fuzz.Config(60));
        Assert.True(Imported > 0 && Rejected > 0, string.Join(", ", outcomes));
    }

    [Fact]
    public void Generated_csv_with_any_columns_cells_separator_and_encoding_never_crashes()
    {
        // Half the files lead with the two columns an export cannot do without, and some of their rows carry a
        // readable id and value there, so the generator reaches imports as well as refusals.
        var keyed = from id in Gen.Choose(1, 9_999_999) from value in Gen.Choose(1, int.MaxValue)
                    select new[] { $"CO1.PCCNTR.{id}", value.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var row = from lead in Gen.OneOf(keyed, Gen.Constant(Array.Empty<string>()))
                  from cells in Gen.ListOf(Fuzz.Text).Select(l => l.Take(38).ToArray())
                  select lead.Concat(cells).ToArray();
        var gen = from required in Gen.Elements(true, false)
                  from columns in Gen.SubListOf(SecopRecord.Columns).Select(c => c.ToArray())
                  from extra in Gen.ListOf(Fuzz.Text).Select(l => l.Take(3).ToArray())
                  from rows in Gen.ListOf(row).Select(l => l.Take(12).ToArray())
                  from separator in Gen.Elements(",", ";", "\t", "|")
                  from encoding in Gen.Elements("utf-8", "utf-8-bom", "utf-16", "latin1")
                  select (columns: required ? new[] { "ID Contrato", "Valor del Contrato" }.Concat(columns.Except(["ID Contrato", "Valor del Contrato"])).ToArray() : columns,
                      extra, rows, separator, encoding);
        Prop.ForAll(gen.ToArbitrary(), c => Fuzz.Wait(() =>
            UploadAndSync(Csv(c.columns.Concat(c.extra).ToArray(), c.rows, c.separator, c.encoding), "text/csv")))
            .Check(Fuzz.Config(50));
        Assert.True(Imported > 0 && Rejected > 0, string.Join(", ", outcomes));
    }

    [Fact]
    public void Generated_json_exports_never_crash()
    {
        var value = Gen.OneOf(Fuzz.Text.Select(t => (object?)t), Gen.Choose(int.MinValue, int.MaxValue).Select(i => (object?)i),
            Gen.Constant((object?)null), Gen.Elements<object?>(true, 1e308, -0.0, new { url = "https://x" }, new[] { 1, 2 }));
        var key = Gen.OneOf(Gen.Elements(SecopRecord.Columns.Select(SecopValues.Key).Concat(["id_contrato", "urlproceso"]).ToArray()), Fuzz.Text);
        var row = Gen.ListOf(from k in key from v in value select (k, v)).Select(f => f.Take(40).GroupBy(p => p.k).ToDictionary(g => g.Key, g => g.First().v));
        var gen = Gen.OneOf(Gen.ListOf(row).Select(r => (object)r.Take(10).ToArray()), value.Select(v => (object)(v ?? "null")));
        Prop.ForAll(gen.ToArbitrary(), doc => Fuzz.Wait(() =>
            UploadAndSync(JsonSerializer.SerializeToUtf8Bytes(doc, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), "application/json")))
            .Check(Fuzz.Config(40));
        Assert.True(Imported + Rejected > 0, string.Join(", ", outcomes));
    }

    static byte[] Csv(string[] header, string[][] rows, string separator, string encoding)
    {
        static string Cell(string s, string sep) => s.Contains(sep) || s.Contains('"') || s.Contains('\n') || s.Contains('\r') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
        var text = string.Join("\r\n", new[] { header }.Concat(rows).Select(r => string.Join(separator, r.Select(c => Cell(c, separator)))));
        return encoding switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-16" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "latin1" => Encoding.Latin1.GetBytes(text),
            _ => Encoding.UTF8.GetBytes(text),
        };
    }

    async Task UploadAndSync(byte[] bytes, string contentType)
    {
        var before = await Snapshot();
        var upload = await office.PostAsync("/api/exports", new ByteArrayContent(bytes) { Headers = { ContentType = new(contentType) } });
        Assert.True((int)upload.StatusCode < 500, $"upload answered {(int)upload.StatusCode}");
        if (upload.StatusCode != HttpStatusCode.Accepted)
        {
            Count($"upload {(int)upload.StatusCode}");
            Assert.Equal(before, await Snapshot());
            return;
        }
        var exportId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();
        await ObrasQrFactory.SyncNowAsync(office);

        var status = (await office.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}")).GetProperty("status").GetString();
        Assert.NotEqual("pending", status);
        Count(status!);
        if (status == "rejected") Assert.Equal(before, await Snapshot());
    }

    void Count(string outcome) => outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;

    // Refused at upload (415/422, issue 10) or rejected by the import: either way nothing changed.
    int Imported => outcomes.Where(o => o.Key.StartsWith("imported", StringComparison.Ordinal)).Sum(o => o.Value);
    int Rejected => outcomes.Where(o => o.Key is "rejected" || o.Key.StartsWith("upload 4", StringComparison.Ordinal)).Sum(o => o.Value);

    /// <summary>Every contract's current version number and content hash, as one comparable string.</summary>
    async Task<string> Snapshot()
    {
        var store = factory.Service<IContractStore>();
        var all = new StringBuilder();
        string? after = null;
        while (true)
        {
            var page = await store.ListAllAsync(after, 500);
            foreach (var v in page) all.Append(v.ContractId).Append('@').Append(v.Number).Append(':').Append(v.ContentHash).Append('\n');
            if (page.Count < 500) return all.ToString();
            after = page[^1].ContractId;
        }
    }
}
