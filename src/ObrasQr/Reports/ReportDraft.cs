using Microsoft.AspNetCore.Http;

namespace ObrasQr.Reports;

/// <summary>What the citizen typed in the page's form, as typed: a refused form comes back with all of it.</summary>
public sealed record ReportDraft
{
    public static readonly ReportDraft Empty = new();

    public string? Category { get; init; }
    public string? Description { get; init; }
    public string? Place { get; init; }
    public bool Anonymous { get; init; } = true;
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public bool Consent { get; init; }
    public bool Notify { get; init; }
    public string? Token { get; init; }

    /// <summary>Contact details typed in: when the report is anonymous they are not kept, and the receipt says so.</summary>
    public bool HasContact => !string.IsNullOrWhiteSpace(Name) || !string.IsNullOrWhiteSpace(Email) || !string.IsNullOrWhiteSpace(Phone);

    public static ReportDraft From(IFormCollection form) => new()
    {
        Category = ReportRequest.First(form, "category"),
        Description = ReportRequest.First(form, "description"),
        Place = ReportRequest.First(form, "place", "location.text"),
        Anonymous = ReportRequest.Flag(ReportRequest.First(form, "anonymous")) ?? true,
        Name = ReportRequest.First(form, "name", "reporter.name"),
        Email = ReportRequest.First(form, "email", "reporter.email"),
        Phone = ReportRequest.First(form, "phone", "reporter.phone"),
        Consent = ReportRequest.Flag(ReportRequest.First(form, "consent", "reporter.consent")) == true,
        Notify = ReportRequest.Flag(ReportRequest.First(form, "notify", "reporter.notify")) == true,
        Token = ReportRequest.First(form, "token"),
    };
}
