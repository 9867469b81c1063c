namespace ObrasQr.Desk;

/// <summary>The desk's page numbers (?pagina=2): bound as text, so a hand-edited address gets a Spanish reason, not an error.</summary>
public static class DeskPaging
{
    public const int MaxPage = 10_000;

    public static bool TryParse(string? pagina, out int page)
    {
        page = 1;
        if (string.IsNullOrWhiteSpace(pagina)) return true;
        return int.TryParse(pagina.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out page)
            && page is >= 1 and <= MaxPage;
    }

    public const string BadPage = "El número de página debe ser un número entero entre 1 y 10000.";
}
