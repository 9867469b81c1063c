namespace ObrasQr.Desk;

/// <summary>How the desk words the sync for the clerk: what is or is not set up, never the configuration's names
/// (those are for the administrator, in the README's configuration table).</summary>
public static class SyncWords
{
    public const string NotSetUp =
        "La descarga automática desde datos.gov.co no está activada para su entidad. La activa el administrador del sistema; mientras tanto, suba las exportaciones de SECOP II en esta página.";
}
