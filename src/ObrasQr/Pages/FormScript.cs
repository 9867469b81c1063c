using System.Security.Cryptography;
using System.Text;

namespace ObrasQr.Pages;

/// <summary>
/// The report form's only script (sizes checked and photos shrunk on the phone before upload; the form works without
/// it). The pages' Content-Security-Policy allows exactly this text by its SHA-256, and nothing else.
/// </summary>
public static class FormScript
{
    public const string Text = """
        (()=>{const i=document.getElementById('photos'),o=document.getElementById('photos-check');if(!i||!window.DataTransfer||!window.createImageBitmap)return;
        const max=+i.dataset.max,left=+i.dataset.left;
        i.addEventListener('change',async()=>{const f=[...i.files];if(f.length>left){o.textContent='Puede agregar hasta '+left+' fotos: elija menos.';i.value='';return}
        o.textContent='Preparando fotos…';const d=new DataTransfer();
        for(const x of f){let y=x;if(x.size>15e5){try{const b=await createImageBitmap(x),s=Math.min(1,2048/Math.max(b.width,b.height)),c=document.createElement('canvas');c.width=b.width*s|0;c.height=b.height*s|0;c.getContext('2d').drawImage(b,0,0,c.width,c.height);const z=await new Promise(r=>c.toBlob(r,'image/jpeg',.82));if(z&&z.size<x.size)y=new File([z],x.name.replace(/\.\w+$/,'')+'.jpg',{type:'image/jpeg'})}catch(e){}}
        if(y.size>max){o.textContent='La foto «'+x.name+'» pesa más de 8 MB y no se pudo reducir: elija otra.';i.value='';return}d.items.add(y)}
        i.files=d.files;o.textContent=f.length?f.length+(f.length==1?' foto lista':' fotos listas')+' para enviar.':''})})()
        """;

    /// <summary>The CSP source that allows this inline script and no other.</summary>
    public static readonly string CspSource = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Text)))}'";
}
