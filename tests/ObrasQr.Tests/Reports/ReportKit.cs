using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ObrasQr.Tests.Reports;

/// <summary>What the report tests share: a published demo work, forms, and ways to look inside the stored data.</summary>
public static partial class ReportKit
{
    public const string ContractId = "CO1.PCCNTR.5361557";

    /// <summary>Most report tests submit more than the default ten per hour from the same test client.</summary>
    public static ObrasQrFactory Unlimited(this ObrasQrFactory factory)
    {
        factory.Settings["ObrasQr:Reports:MaxPerClientPerHour"] = "0";
        return factory;
    }

    public static string Unique(string text) => $"{text} [{Guid.NewGuid():N}]";

    /// <summary>The page's form, with the field names agreed with the contract page.</summary>
    public static MultipartFormDataContent Form(IEnumerable<(string Name, string Value)> fields, params (string FileName, byte[] Bytes)[] photos)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        foreach (var (fileName, bytes) in photos)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg"); // what a browser guesses from the name
            form.Add(part, "photos", fileName);
        }
        return form;
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The code as the receipt shows it, its groups in their own elements so a line breaks only between them.</summary>
    public static string? CodeOnPage(string html) =>
        TrackingCodeOnPage().Match(html) is { Success: true } m ? Regex.Replace(m.Groups[1].Value, "<[^>]*>", "") : null;

    [GeneratedRegex("id=\"tracking-code\">(.*?)</p>")]
    private static partial Regex TrackingCodeOnPage();

    /// <summary>The auditor's view of the one report whose description contains <paramref name="marker"/>.</summary>
    public static async Task<JsonElement> FindAsAuditor(this ObrasQrFactory factory, string marker)
    {
        var matches = (await factory.AllAsAuditor($"contractId={ContractId}"))
            .Where(i => i.GetProperty("description").GetString()!.Contains(marker)).ToList();
        return Assert.Single(matches);
    }

    public static async Task<List<JsonElement>> AllAsAuditor(this ObrasQrFactory factory, string filters = "")
    {
        var auditor = factory.ClientWithKey(ObrasQrFactory.AuditorKey);
        var items = new List<JsonElement>();
        string? after = null;
        do
        {
            var page = await auditor.GetFromJsonAsync<JsonElement>($"/api/reports?{filters}&limit=200{(after is null ? "" : "&after=" + after)}");
            items.AddRange(page.GetProperty("items").EnumerateArray());
            after = page.GetProperty("next").GetString();
        } while (after is not null);
        return items;
    }
}

/// <summary>A clock the test sets.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
