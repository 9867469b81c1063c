using ObrasQr.Contracts;

namespace ObrasQr.Secop;

/// <summary>One row of an export: the values of the columns ObrasQr reads, and how they become a Contract.</summary>
/// <param name="values">Aligned with <see cref="Columns"/>; null where the file has no such column.</param>
/// <param name="line">Where the row starts in the file (CSV), or its position in the list (JSON), from 1.</param>
public sealed class SecopRecord
{
    readonly int line;
    // Null until read, for a CSV row kept as its raw bytes (SecopCsvRows): a row told unchanged by its hash is never read.
    string?[]? values;
    readonly CsvRow? raw;
    readonly string? idCell;

    public SecopRecord(string?[] values, int line) => (this.values, this.line) = (values, line);

    /// <param name="idCell">The id cell's text, read from the raw row without its other cells (null if not plain).</param>
    internal SecopRecord(CsvRow raw, int line, string? idCell) => (this.raw, this.line, this.idCell) = (raw, line, idCell);

    string?[] Values
    {
        get
        {
            if (values is null) ReadCells(raw!.GroupRows);
            if (values is null) ReadCells([this]);      // a row looked at before it joined its group
            return values!;
        }
    }

    /// <summary>Reads the cells of those rows not read yet, together (one parser for them all instead of one each).</summary>
    public static void ReadCells(IEnumerable<SecopRecord> rows)
    {
        var unread = rows.Where(r => r.values is null).Select(r => (Row: r.raw!, Values: new string?[Columns.Length], Record: r)).ToList();
        CsvLayout.ReadCells([.. unread.Select(u => (u.Row, u.Values))]);
        foreach (var (_, read, record) in unread) record.values = read;
    }

    /// <summary>The columns read, by their CSV display names; the other ~50 columns of an export are ignored.</summary>
    public static readonly string[] Columns =
    [
        "ID Contrato", "Proceso de Compra", "Referencia del Contrato", "Nombre Entidad", "Nit Entidad", "Departamento",
        "Ciudad", "Localización", "Estado Contrato", "Tipo de Contrato", "Modalidad de Contratacion", "Objeto del Contrato",
        "Descripcion del Proceso", "Proveedor Adjudicado", "TipoDocProveedor", "Documento Proveedor",
        "Nombre Representante Legal", "Identificación Representante Legal", "URLProceso", "Duración del contrato",
        "Origen de los Recursos", "Valor del Contrato", "Valor Facturado", "Valor Pagado", "Valor Pendiente de Pago",
        "Valor Pendiente de Ejecucion", "Dias adicionados", "Fecha de Firma", "Fecha de Inicio del Contrato",
        "Fecha de Fin del Contrato", "Fecha de Inicio de Ejecucion", "Fecha de Fin de Ejecucion",
        "El contrato puede ser prorrogado", "Ultima Actualizacion",
    ];

    static readonly Dictionary<string, int> IndexByName = Columns.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
    static readonly Dictionary<string, int> IndexByKey = Columns.Select((c, i) => (SecopValues.Key(c), i)).ToDictionary(p => p.Item1, p => p.i);

    /// <summary>Where a column of the file goes in <see cref="Columns"/>, by its <see cref="SecopValues.Key"/>; -1 when it is not read.</summary>
    public static int IndexOfKey(string key) => IndexByKey.GetValueOrDefault(key, -1);

    public int Line => line;

    /// <summary>A column whose text could not be read as Unicode (JSON only); such a row is rejected.</summary>
    public string? UnreadableColumn { get; init; }

    /// <summary>XxHash128 of the file's header and this row's raw text as written (CSV only; null for JSON and
    /// spreadsheets): the same value means the same cells under the same columns, without reading them.</summary>
    public UInt128? RawRowHash { get; init; }

    public bool IsBlank => Values.All(string.IsNullOrWhiteSpace);

    /// <summary>The contract id as written, for grouping before the row is fully read.</summary>
    public string? ContractId => values is null && idCell is not null ? Cell(idCell) : Text("ID Contrato");

    /// <summary>The contract id as <see cref="ToContract"/> gives it, without reading the rest of the row.</summary>
    public string? NormalizedContractId => ContractId is { } id ? ContractIds.Normalize(id) : null;

    /// <summary>
    /// The contract in this row and what could not be read. A row is refused (Contract null) only without what the
    /// product cannot do without: the contract id and its value. Any other unreadable cell becomes a warning
    /// (<see cref="RowError.RowKept"/>) and that field stays empty, so the rest of the row is still published.
    /// </summary>
    public (Contract? Contract, IReadOnlyList<RowError> Errors) ToContract()
    {
        if (UnreadableColumn is { } bad)
            return (null, [new RowError(line, bad, "El texto no es Unicode válido (UTF-8 dañado o un carácter sustituto suelto); la fila no se puede importar.")]);
        var errors = new List<RowError>();
        var id = Text("ID Contrato");
        if (id is null)
            return (null, [new RowError(line, "ID Contrato", "Falta el ID del contrato (ID Contrato); la fila no se puede importar.")]);
        var value = Money("Valor del Contrato", errors, required: true);
        if (value is null) return (null, errors);

        var contract = new Contract
        {
            ContractId = ContractIds.Normalize(id),
            ProcessId = Text("Proceso de Compra"),
            Reference = Text("Referencia del Contrato"),
            EntityName = Text("Nombre Entidad"),
            EntityNit = SecopValues.Document(Raw("Nit Entidad")),
            Department = Text("Departamento"),
            City = Text("Ciudad"),
            Location = Text("Localización"),
            Status = Text("Estado Contrato"),
            Type = Text("Tipo de Contrato"),
            Modality = Text("Modalidad de Contratacion"),
            Object = Text("Objeto del Contrato"),
            ProcessDescription = Text("Descripcion del Proceso"),
            ContractorName = Text("Proveedor Adjudicado"),
            ContractorDocumentType = Text("TipoDocProveedor"),
            ContractorDocument = SecopValues.Document(Raw("Documento Proveedor")),
            LegalRepresentative = Text("Nombre Representante Legal"),
            LegalRepresentativeId = SecopValues.Document(Raw("Identificación Representante Legal")),
            ProcessUrl = SecopValues.Url(Raw("URLProceso")),
            Duration = Text("Duración del contrato"),
            ResourceOrigin = Text("Origen de los Recursos"),
            Value = value.Value,
            InvoicedValue = Money("Valor Facturado", errors),
            PaidValue = Money("Valor Pagado", errors),
            PendingPaymentValue = Money("Valor Pendiente de Pago", errors),
            PendingExecutionValue = Money("Valor Pendiente de Ejecucion", errors),
            AddedDays = Integer("Dias adicionados", errors),
            SignedOn = Day("Fecha de Firma", errors),
            StartsOn = Day("Fecha de Inicio del Contrato", errors),
            EndsOn = Day("Fecha de Fin del Contrato", errors),
            ExecutionStartsOn = Day("Fecha de Inicio de Ejecucion", errors),
            ExecutionEndsOn = Day("Fecha de Fin de Ejecucion", errors),
            CanBeExtended = SecopValues.Flag(Raw("El contrato puede ser prorrogado")),
            UpdatedInSecop = Date("Ultima Actualizacion", errors),
        };
        if (contract.EntityNit is null) errors.Add(MissingEntityNit());
        // Month first is how SECOP writes dates; if that puts the start after the end, the dates cannot be trusted.
        if (contract.StartsOn > contract.EndsOn)
        {
            errors.Add(Warning("Fecha de Inicio del Contrato", $"El inicio ({contract.StartsOn:yyyy-MM-dd}) es posterior a la terminación ({contract.EndsOn:yyyy-MM-dd}); se dejan sin fecha."));
            contract = contract with { StartsOn = null, EndsOn = null };
        }
        return (contract, errors);
    }

    /// <summary>The value as written in the file, by the column's display name (one of <see cref="Columns"/>).</summary>
    public string? Raw(string column) => Values[IndexByName[column]];

    string? Text(string column) => Cell(Raw(column));

    static string? Cell(string? value)
    {
        if (SecopValues.IsEmpty(value)) return null;
        var text = value!.Trim();
        return text.Length > SecopValues.MaxCellChars ? text[..SecopValues.MaxCellChars] + "…" : text;
    }

    RowError Warning(string column, string reason) => new(line, column, reason, RowKept: true);

    // Analysts' files may drop the entity's NIT: the row is still SECOP's contract, but which entity publishes it
    // (and so whose staff may answer for it) cannot be told from it, and the office should know before it prints QRs.
    RowError MissingEntityNit() => Warning("Nit Entidad",
        "Falta el NIT de la entidad (Nit Entidad): no se puede saber qué entidad publica este contrato.");

    decimal? Money(string column, List<RowError> errors, bool required = false)
    {
        var raw = Raw(column);
        if (SecopValues.IsEmpty(raw))
        {
            if (required) errors.Add(new RowError(line, column, "Falta el valor del contrato; la fila no se puede importar."));
            return null;
        }
        if (SecopValues.TryMoney(raw, out var amount) && amount >= 0) return amount;
        var reason = $"El valor «{RowError.Excerpt(raw)}» no es un valor en pesos válido.";
        errors.Add(required ? new RowError(line, column, reason) : Warning(column, reason + " Se deja sin dato."));
        return null;
    }

    int? Integer(string column, List<RowError> errors)
    {
        var raw = Raw(column);
        if (SecopValues.IsEmpty(raw)) return null;
        if (SecopValues.TryInteger(raw, out var number) && number >= 0) return number;
        errors.Add(Warning(column, $"«{RowError.Excerpt(raw)}» no es un número entero válido. Se deja sin dato."));
        return null;
    }

    DateTime? Date(string column, List<RowError> errors)
    {
        var raw = Raw(column);
        if (SecopValues.TryDate(raw, out var date)) return date;
        errors.Add(Warning(column, $"«{RowError.Excerpt(raw)}» no es una fecha válida (se espera M/d/aaaa, aaaa-MM-dd o «aaaa mes dd»). Se deja sin fecha."));
        return null;
    }

    DateOnly? Day(string column, List<RowError> errors) =>
        Date(column, errors) is { } date ? DateOnly.FromDateTime(date) : null;
}
