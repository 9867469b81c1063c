namespace ObrasQr.Pages;

/// <summary>The whole stylesheet, inlined in every page: mobile first, GOV.CO palette, WCAG 2.1 AA contrast.</summary>
static class PageStyles
{
    public const string Css = """
        :root{--primary:#3366CC;--dark:#004884;--ok:#069169;--warn:#F3D03E;--danger:#A80521;--text:#1f1f1f;--muted:#4b4b4b}
        *{box-sizing:border-box}body{margin:0;overflow-wrap:anywhere;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--text);background:#f6f8fb}
        .govbar{background:var(--primary);padding:.4rem 1rem;line-height:0}.govbar a{display:inline-block}.govbar a:focus{outline:3px solid #fff;outline-offset:2px}
        .govco{background:var(--dark);color:#fff;padding:.6rem 1rem;font-weight:600;border-bottom:4px solid var(--primary)}
        footer address{font-style:normal;display:flex;flex-wrap:wrap;gap:0 1.25rem;margin:0 0 1em}
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;background:#fff;color:var(--dark);padding:.25rem}
        main{max-width:46rem;margin:0 auto;padding:1rem}nav.desk{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;border-bottom:1px solid #c9d3e3;padding-bottom:.5rem;margin-bottom:1rem}nav.desk ul{display:flex;flex-wrap:wrap;gap:.5rem 1rem;list-style:none;margin:0;padding:0}nav.desk a[aria-current]{font-weight:700}nav.desk p{margin:0;color:var(--muted)}nav.desk form{margin:0}
        h1{font-size:1.35rem;line-height:1.3;color:var(--dark);margin:.25rem 0 .5rem}
        h2{font-size:1.1rem;color:var(--dark);margin:0 0 .5rem}
        section{background:#fff;border-radius:.5rem;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
        dl{margin:0}dt{font-size:.85rem;color:var(--muted)}dd{margin:0 0 .6rem;font-weight:600}
        .grid{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:0 1rem}.sub{display:block;white-space:normal}.grid dt{grid-column:1;margin:0 0 .5rem}.grid dd{grid-column:2;margin:0 0 .5rem}
        .money{font-variant-numeric:tabular-nums;white-space:nowrap}.muted{color:var(--muted);font-weight:400}
        .top{margin:0}.glance{font-weight:700;margin:0 0 .5rem}.glance span{display:inline-block;max-width:100%}
        .cta{display:block;text-align:center;background:var(--primary);color:#fff;font-weight:600;padding:.7rem;border-radius:.25rem;margin:0 0 1rem;text-decoration:none}.lead{font-size:1.05rem;margin:0 0 1rem}
        .alerts{border:2px solid var(--danger)}.alerts h2{color:var(--danger)}.alerts ul{margin:0;padding:0;list-style:none}
        .flag{border-left:4px solid var(--danger);background:#fdecee;padding:.5rem .75rem;margin:.5rem 0;font-weight:600}
        .status{display:inline-block;background:var(--dark);color:#fff;border-radius:1rem;padding:.1rem .7rem;font-size:.9rem}
        .bar{height:.75rem;background:#e4e9f2;border-radius:.4rem;overflow:hidden;margin:.25rem 0 .75rem}.bar span{display:block;height:100%;background:var(--ok)}
        .bar.over span{background:var(--danger)}.barlabel{margin:.5rem 0 0}
        .countdown{font-size:1.5rem;font-weight:700;color:var(--dark);margin:0 0 .5rem}.countdown.late{color:var(--danger)}
        .changes{padding-left:1.1rem;margin:0 0 .5rem}.changes li{margin:.25rem 0}
        label{display:block;font-weight:600;margin:.75rem 0 .25rem}.opt{font-weight:400;display:flex;gap:.5rem;align-items:flex-start}
        input,select,textarea{width:100%;font:inherit;padding:.5rem;border:1px solid #767676;border-radius:.25rem}
        .opt input{width:auto;margin-top:.3rem}fieldset{border:1px solid #c9d3e3;border-radius:.25rem;margin:1rem 0 0;padding:.5rem .75rem;min-width:0}.opt,footer,.muted{overflow-wrap:anywhere}legend{font-weight:600;padding:0 .25rem}
        button{background:var(--primary);color:#fff;border:0;border-radius:.25rem;padding:.7rem 1.2rem;font:inherit;font-weight:600;margin-top:1rem;width:100%}
        a{color:#0b4fa3}.code{font:700 1.35rem/1.4 ui-monospace,monospace;letter-spacing:.05em}.code span{white-space:nowrap}
        .error{border-left:4px solid var(--danger);background:#fdecee;padding:.25rem .75rem;margin:0 0 .5rem}.field-error{color:var(--danger);font-weight:600;margin:.25rem 0}
        [aria-invalid=true]{border:2px solid var(--danger)}.held{background:#e9f5f0;border-left:4px solid var(--ok);padding:.25rem .75rem;margin:.25rem 0}.held ul{margin:0;padding-left:1.1rem}
        form:has(#anon-si:checked) .contact{display:none}.answer{white-space:pre-line;overflow-wrap:anywhere}h3{font-size:1rem;color:var(--dark);margin:.75rem 0 .25rem}
        .progress{list-style:none;margin:0;padding:0}.progress>li{border-top:1px solid #e4e9f2;padding:.5rem 0}.progress p{margin:.25rem 0}
        .gallery{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;margin:.25rem 0;padding:0}.gallery img{display:block;width:160px;height:120px;object-fit:cover;border-radius:.25rem}
        .counts,.reports,.photos{list-style:none;margin:0;padding:0}.counts{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}.reports li{border-top:1px solid #e4e9f2;padding:.6rem 0}.photos{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.5rem}.photos img{width:100%;height:auto;border-radius:.25rem}.flag-inline{color:var(--danger);font-weight:700;margin-left:.25rem}button.secondary{background:#fff;color:var(--dark);border:2px solid var(--primary)}.template{white-space:nowrap}.preview{border:2px dashed var(--primary)}.reports a,.grid dd{overflow-wrap:anywhere}
        .plain{list-style:none;padding:0}.plain>li{border-bottom:1px solid #e4e9f2;padding:.25rem 0}h1,h3{overflow-wrap:anywhere}.notice{border-left:4px solid var(--warn);background:#fff8d6;padding:.5rem .75rem;margin:0 0 1rem}.links{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.25rem 0 0;padding:0;list-style:none}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem .25rem 0;border-bottom:1px solid #e4e9f2;vertical-align:top}
        footer{max-width:46rem;margin:0 auto;padding:1rem;font-size:.85rem;color:var(--muted)}
        .works{list-style:none;margin:0;padding:0}.works li{border-top:1px solid #e4e9f2;padding:.6rem 0}.works li.flagged{border-left:4px solid var(--danger);padding-left:.6rem}.works .status{font-size:.8rem}.flagcount{color:var(--danger);font-weight:600}.pager{display:flex;gap:1rem;justify-content:space-between;margin-top:1rem}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.25rem .4rem;border-bottom:1px solid #e4e9f2}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.figure{margin:1rem 0}.chart{width:100%;max-width:28rem;height:auto;display:block}.map{height:22rem;margin:0 0 1rem;border-radius:.5rem}.table-wrap{overflow-x:auto}@media print{@page{size:A4;margin:15mm}body{background:#fff;font-size:11pt}.govbar,.govco,nav.desk,footer,.noprint{display:none}main{max-width:none;padding:0}section{box-shadow:none;break-inside:avoid;padding:0}}
        """;
}
