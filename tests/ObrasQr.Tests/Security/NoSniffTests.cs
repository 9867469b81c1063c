using System.Text.RegularExpressions;
using ObrasQr.Http;

namespace ObrasQr.Tests.Security;

/// <summary>No answer may be read as another type than it says: nosniff on every GET route of the table, and on 404s.</summary>
public sealed class NoSniffTests
{
    static readonly Dictionary<string, string> Values = new()
    {
        ["contractId"] = "CO1.PCCNTR.5361557", ["reportId"] = "r-ninguno", ["format"] = "json", ["n"] = "1", ["entryId"] = "e-ninguno",
        ["exportId"] = "x-ninguna", ["staffId"] = "s-ninguna", ["semestre"] = "2026-1", ["runId"] = "20261121120000-000000000000",
    };

    [Fact]
    public async Task Every_get_route_and_a_404_answer_with_nosniff()
    {
        using var factory = new ObrasQrFactory();
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var auditor = factory.ClientWithKey(ObrasQrFactory.AuditorKey);
        var paths = HttpContract.Routes.Where(r => r.Methods.Contains("GET"))
            .Select(r => Regex.Replace(r.Pattern, @"\{(\w+)(:\w+)?\}", m => Values[m.Groups[1].Value])).ToList();
        paths.Add("/no-existe");
        paths.Add("/o/CO1.PCCNTR.0000000/qr.png");

        foreach (var path in paths)
            foreach (var client in new[] { anonymous, office, auditor })
            {
                var response = await client.GetAsync(path);
                Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var values) && values.Single() == "nosniff",
                    $"{path}: {(int)response.StatusCode} without nosniff");
            }
    }
}
