namespace ObrasQr.Pages;

/// <summary>The whole stylesheet, inlined in every page: mobile first, GOV.CO palette.</summary>
static class PageStyles
{
    public const string Css = """
        :root{--primary:#3366CC;--dark:#004884;--ok:#069169;--warn:#F3D03E;--danger:#A80521;--text:#1f1f1f;--muted:#4b4b4b}
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--text);background:#f6f8fb}
        .govco{background:var(--dark);color:#fff;padding:.6rem 1rem;font-weight:600}
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;background:#fff;color:var(--dark);padding:.25rem}
        main{max-width:46rem;margin:0 auto;padding:1rem}
        h1{font-size:1.35rem;line-height:1.3;color:var(--dark);margin:.5rem 0 1rem}
        h2{font-size:1.1rem;color:var(--dark);margin:0 0 .5rem}
        section{background:#fff;border-radius:.5rem;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
        dl{margin:0}dt{font-size:.85rem;color:var(--muted)}dd{margin:0 0 .6rem;font-weight:600}
        .money{font-variant-numeric:tabular-nums}
        .flag{border-left:4px solid var(--danger);background:#fdecee;padding:.5rem .75rem;margin:.5rem 0}
        .status{display:inline-block;background:var(--primary);color:#fff;border-radius:1rem;padding:.1rem .7rem;font-size:.9rem}
        label{display:block;font-weight:600;margin:.75rem 0 .25rem}
        input,select,textarea{width:100%;font:inherit;padding:.5rem;border:1px solid #767676;border-radius:.25rem}
        button{background:var(--primary);color:#fff;border:0;border-radius:.25rem;padding:.7rem 1.2rem;font:inherit;font-weight:600;margin-top:1rem}
        a{color:#0b4fa3}.code{font:700 1.4rem/1.4 ui-monospace,monospace;letter-spacing:.05em;word-break:break-all}
        footer{max-width:46rem;margin:0 auto;padding:1rem;font-size:.85rem;color:var(--muted)}
        """;
}
