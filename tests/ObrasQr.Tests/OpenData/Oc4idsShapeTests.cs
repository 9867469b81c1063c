using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ObrasQr.Tests.OpenData;

/// <summary>
/// Every field ObrasQr writes into the OC4IDS package, with the type, format and codelist OC4IDS 0.9.5 gives it, checked
/// by the suite itself: a clone alone runs these; the whole official schema is checked by .ci/run
/// (<see cref="OfficialSchema"/>).
/// </summary>
public abstract partial class Oc4idsShapeTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : Oc4idsShapeTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : Oc4idsShapeTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    // The codelists of the fields ObrasQr fills (OC4IDS 0.9.5: projectStatus, contractingProcessStatus, method,
    // contractNature, partyRole, modificationType).
    static readonly string[] ProjectStatuses = ["identification", "preparation", "implementation", "completion", "maintenance", "decommissioning", "decommissioned", "cancelled"];
    static readonly string[] ProcessStatuses = ["pre-award", "active", "closed"];
    static readonly string[] Methods = ["open", "selective", "limited", "direct"];
    static readonly string[] Natures = ["design", "construction", "supervision"];
    static readonly string[] Roles = ["buyer", "procuringEntity", "supplier", "tenderer", "funder", "enquirer", "payer", "payee", "reviewBody", "interestedParty", "publicAuthority", "administrativeEntity"];
    static readonly string[] ModificationTypes = ["duration", "value", "scope"];

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)$")]
    private static partial Regex DateTime();

    static void IsDateTime(JsonElement e, string name) => Assert.Matches(DateTime(), e.GetProperty(name).GetString()!);
    static void IsAbsoluteUri(JsonElement e, string name) => Assert.True(Uri.IsWellFormedUriString(e.GetProperty(name).GetString(), UriKind.Absolute), name);
    static void IsText(JsonElement e, string name) => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty(name).GetString()), name);
    static void IsOneOf(string[] codes, JsonElement e, string name) => Assert.Contains(e.GetProperty(name).GetString(), codes);
    static bool Has(JsonElement e, string name, out JsonElement value) => e.TryGetProperty(name, out value);

    [Fact]
    public async Task The_package_fields_have_the_types_formats_and_codes_of_oc4ids()
    {
        var package = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/oc4ids.json");

        IsAbsoluteUri(package, "uri");
        IsDateTime(package, "publishedDate");
        Assert.Equal("0.9", package.GetProperty("version").GetString());
        IsAbsoluteUri(package, "publicationPolicy");
        Assert.False(Has(package, "license", out _)); // none unless the entity configures its own
        var publisher = package.GetProperty("publisher");
        IsText(publisher, "name");
        Assert.Equal("CO-NIT", publisher.GetProperty("scheme").GetString());
        IsText(publisher, "uid");
        IsAbsoluteUri(publisher, "uri");

        var ids = new HashSet<string>();
        foreach (var project in package.GetProperty("projects").EnumerateArray())
        {
            Assert.True(ids.Add(project.GetProperty("id").GetString()!));
            IsDateTime(project, "updated");
            Assert.Equal("es", project.GetProperty("language").GetString());
            if (Has(project, "title", out _)) IsText(project, "title");
            if (Has(project, "description", out _)) IsText(project, "description");
            if (Has(project, "status", out _)) IsOneOf(ProjectStatuses, project, "status");
            var amount = project.GetProperty("budget").GetProperty("amount");
            Assert.Equal(JsonValueKind.Number, amount.GetProperty("amount").ValueKind);
            Assert.Equal("COP", amount.GetProperty("currency").GetString());
            if (Has(project, "period", out var period)) Period(period);
            if (Has(project, "publicAuthority", out var authority)) IsText(authority, "id");
            foreach (var location in project.GetProperty("locations").EnumerateArray())
            {
                IsText(location, "id");
                Assert.Equal("Colombia", location.GetProperty("address").GetProperty("countryName").GetString());
            }
            var parties = project.GetProperty("parties").EnumerateArray().ToList();
            foreach (var party in parties)
            {
                IsText(party, "id");
                if (Has(party, "identifier", out var identifier))
                {
                    Assert.Equal("CO-NIT", identifier.GetProperty("scheme").GetString());
                    IsText(identifier, "id");
                }
                Assert.All(party.GetProperty("roles").EnumerateArray(), r => Assert.Contains(r.GetString(), Roles));
            }
            foreach (var document in project.GetProperty("documents").EnumerateArray())
            {
                IsText(document, "id");
                IsText(document, "title");
                IsAbsoluteUri(document, "url");
            }
            var process = Assert.Single(project.GetProperty("contractingProcesses").EnumerateArray());
            IsText(process, "id");
            Summary(process.GetProperty("summary"), parties.Select(p => p.GetProperty("id").GetString()).ToHashSet());
        }
    }

    static void Period(JsonElement period)
    {
        if (Has(period, "startDate", out _)) IsDateTime(period, "startDate");
        if (Has(period, "endDate", out _)) IsDateTime(period, "endDate");
        if (Has(period, "durationInDays", out var days)) Assert.True(days.GetInt32() >= 0);
    }

    static void Summary(JsonElement summary, HashSet<string?> parties)
    {
        IsText(summary, "externalReference");
        if (Has(summary, "title", out _)) IsText(summary, "title");
        Assert.All(summary.GetProperty("nature").EnumerateArray(), n => Assert.Contains(n.GetString(), Natures));
        IsOneOf(ProcessStatuses, summary, "status");
        var tender = summary.GetProperty("tender");
        if (Has(tender, "procurementMethod", out _)) IsOneOf(Methods, tender, "procurementMethod");
        if (Has(summary, "suppliers", out var suppliers))
            Assert.All(suppliers.EnumerateArray(), s => Assert.Contains(s.GetProperty("id").GetString(), parties));
        if (Has(summary, "contractPeriod", out var period)) Period(period);
        if (!Has(summary, "modifications", out var modifications)) return;
        foreach (var modification in modifications.EnumerateArray())
        {
            IsText(modification, "id");
            IsDateTime(modification, "date");
            IsOneOf(ModificationTypes, modification, "type");
            IsText(modification, "description");
        }
    }
}
