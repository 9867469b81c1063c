using System.Globalization;
using System.Text;
using ObrasQr.Http;

namespace ObrasQr.Accountability;

/// <summary>The index's query string (GET form, so it works without JavaScript): q, estado, alerta, pagina.</summary>
public sealed record WorksQuery(string? Text, WorkStage? Stage, bool? Flagged, int Page)
{
    public const int PageSize = 50;
    public const int MaxTextLength = 100;

    public static readonly WorksQuery Everything = new(null, null, null, 1);

    /// <summary>The query, or a Spanish reason when a value cannot be understood.</summary>
    public static (WorksQuery? Query, FieldProblem? Problem) Parse(string? q, string? estado, string? alerta, string? pagina)
    {
        var text = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        if (text is { Length: > MaxTextLength })
            return (null, new FieldProblem("q", $"Escriba hasta {MaxTextLength} caracteres para buscar."));
        WorkStage? stage = null;
        if (!string.IsNullOrEmpty(estado))
        {
            var match = WorkStages.All.FirstOrDefault(s => s.Value == estado);
            if (match.Value is null)
                return (null, new FieldProblem("estado", $"Estado desconocido; use uno de: {string.Join(", ", WorkStages.All.Select(s => s.Value))}."));
            stage = match.Stage;
        }
        bool? flagged = alerta switch
        {
            null or "" => null,
            "si" => true,
            "no" => false,
            _ => default(bool?),
        };
        if (alerta is not (null or "" or "si" or "no"))
            return (null, new FieldProblem("alerta", "Use alerta=si (obras con alertas) o alerta=no (sin alertas)."));
        var page = 1;
        if (!string.IsNullOrEmpty(pagina) && (!int.TryParse(pagina, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1 || page > 100_000))
            return (null, new FieldProblem("pagina", "La página es un número entero desde 1."));
        return (new WorksQuery(text, stage, flagged, page), null);
    }

    /// <summary>The works that match, in the catalog's order (flagged and overdue first).</summary>
    public IEnumerable<WorkSummary> Filter(IEnumerable<WorkSummary> works)
    {
        var words = Text is null ? [] : WorkSummary.Fold(Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var work in works)
        {
            if (Stage is { } stage && work.Stage != stage) continue;
            if (Flagged is { } flagged && work.IsFlagged != flagged) continue;
            if (words.Any(w => !work.SearchText.Contains(w, StringComparison.Ordinal))) continue;
            yield return work;
        }
    }

    /// <summary>This query's address on another page (links of the pager).</summary>
    public string Link(int page)
    {
        var parts = new List<string>();
        if (Text is not null) parts.Add("q=" + Uri.EscapeDataString(Text));
        if (Stage is { } s) parts.Add("estado=" + WorkStages.All.First(x => x.Stage == s).Value);
        if (Flagged is { } f) parts.Add("alerta=" + (f ? "si" : "no"));
        if (page > 1) parts.Add("pagina=" + page.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "/" : "/?" + string.Join("&", parts);
    }

    /// <summary>The cache key: the same filters written differently share one page.</summary>
    public string Key => new StringBuilder().Append(Text is null ? "" : WorkSummary.Fold(Text)).Append('|').Append(Stage).Append('|')
        .Append(Flagged).Append('|').Append(Page).ToString();
}
