namespace ObrasQr.Secop;

/// <summary>The header row of an export read as a table (CSV or spreadsheet): which columns it has, and where.</summary>
static class ExportHeader
{
    // Without these the file is not a contracts export, whatever else it has.
    static readonly string[] RequiredColumns = ["ID Contrato", "Estado Contrato", "Tipo de Contrato", "Valor del Contrato"];

    /// <summary>Where each column read is in a file with this header (the first of repeated headers wins); throws
    /// <see cref="SecopFileRejected"/> when a column every contracts export has is missing.</summary>
    public static int[] ColumnPositions(IReadOnlyList<string?> header)
    {
        var keys = header.Select(h => SecopValues.Key(h ?? "")).ToArray();
        var missing = RequiredColumns.Where(c => !keys.Contains(SecopValues.Key(c))).ToList();
        if (missing.Count > 0)
            throw new SecopFileRejected(
                $"El archivo no es una exportación de contratos de SECOP II: faltan las columnas {string.Join(", ", missing)}. " +
                "Descargue el conjunto «SECOP II - Contratos Electrónicos» con sus encabezados.");
        var positions = Enumerable.Repeat(-1, SecopRecord.Columns.Length).ToArray();
        for (var i = keys.Length - 1; i >= 0; i--)
            if (SecopRecord.IndexOfKey(keys[i]) is var column and >= 0) positions[column] = i;
        return positions;
    }
}
