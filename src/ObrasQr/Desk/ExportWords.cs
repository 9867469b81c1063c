using System.Globalization;
using ObrasQr.Secop;

namespace ObrasQr.Desk;

/// <summary>How the desk words an upload's state and its errors, in one place for the list and the upload's page.</summary>
public static class ExportWords
{
    static readonly CultureInfo Colombia = CultureInfo.GetCultureInfo("es-CO");

    public static string Status(string status) => status switch
    {
        ExportStatus.Pending => "Pendiente",
        ExportStatus.Imported => "Importada",
        ExportStatus.ImportedWithWarnings => "Importada con avisos",
        ExportStatus.Rejected => "Rechazada",
        ExportStatus.Failed => "Falló",
        _ => status,
    };

    /// <summary>How often an upload's page asks whether the import is done (<see cref="Pages.StatusScript"/>).</summary>
    public const int PendingPollSeconds = 5;

    /// <summary>On the upload's own page, which shows the result by itself once the import is done.</summary>
    public const string PendingExplained =
        "La importación está en curso. Esta página mostrará el resultado cuando termine; si no cambia, vuelva a cargarla.";

    /// <summary>In the list of uploads, which does not reload itself.</summary>
    public static string PendingInList =>
        "La importación está en curso: abra la carga para ver el resultado cuando termine.";

    /// <summary>"y 1 tipo de error más", "y 3 tipos de error más".</summary>
    public static string MoreErrorKinds(int count) =>
        $"y {count.ToString("#,0", Colombia)} {(count == 1 ? "tipo" : "tipos")} de error más.";

    /// <summary>"Valor del Contrato: El valor «…» no es un número: filas 4, 9, 12 (y 40 más)": what to fix, the rows
    /// where, and how many more, from the group's exact count.</summary>
    public static string Group(ErrorGroup group, int linesShown)
    {
        var shown = group.FirstLines.Take(linesShown).ToList();
        var more = group.Count - shown.Count;
        var reason = group.Reason.TrimEnd().TrimEnd('.');
        var where = shown.Count == 0 ? "" : $": {(shown.Count == 1 ? "fila" : "filas")} {string.Join(", ", shown)}";
        var rest = more > 0 ? $" (y {more.ToString("#,0", Colombia)} más)" : "";
        return $"{(group.Column is null ? "" : group.Column + ": ")}{reason}{where}{rest}";
    }

    /// <summary>What happened to the rows of a group: refused, or imported with that field empty.</summary>
    public static string Outcome(ErrorGroup group) => group.RowKept
        ? (group.Count == 1 ? "La fila se importó con ese dato vacío." : "Las filas se importaron con ese dato vacío.")
        : (group.Count == 1 ? "La fila no se importó." : "Esas filas no se importaron.");

    public static string Counts(ImportCounts c) =>
        $"{c.New} nuevas, {c.Changed} con cambios, {c.Unchanged} sin cambios, {c.Rejected} rechazadas" +
        (c.Outdated > 0 ? $", {c.Outdated} más antiguas que lo guardado" : "");

    public static string When(DateTimeOffset at) =>
        at.ToOffset(ColombiaTime.Offset).ToString("d 'de' MMMM 'de' yyyy, h:mm tt", Colombia);
}
