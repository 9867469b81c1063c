using System.Security.Cryptography;
using System.Text;

namespace ObrasQr.Desk;

/// <summary>
/// The uploads page's only script: a file larger than one chunk (the form's data-single-limit) is sent in chunks
/// through the API (<see cref="Secop.ExportUploadHandlers"/>, with the session's cookie and its anti-forgery token in
/// X-CSRF-Token), with a progress line, then the browser goes to the upload's page. A smaller file, or a browser
/// without the script, sends the plain form. Allowed by the Content-Security-Policy by its SHA-256, as
/// <see cref="Pages.FormScript"/>; its requests go to this site only (connect-src 'self').
/// </summary>
public static class UploadScript
{
    public const string Text = """
        (()=>{const f=document.getElementById('upload-form');if(!f||!window.fetch||!window.Blob)return;
        const i=document.getElementById('file'),p=document.getElementById('upload-progress'),b=f.querySelector('button[type=submit]');
        const say=t=>{p.textContent=t},max=+f.dataset.singleLimit,tot=+f.dataset.totalLimit,h={'X-CSRF-Token':f.elements.csrf?f.elements.csrf.value:''};
        const fail=async r=>{let m='No se pudo subir el archivo. Vuelva a intentarlo.';try{const j=await r.json();m=j.detail||m}catch(x){}say(m)};
        const send=async(u,o)=>{for(let t=1;;t++){try{return await fetch(u,o)}catch(x){if(t==3)throw x}}};
        f.addEventListener('submit',async e=>{const file=i.files[0];if(!file||file.size<=max)return;e.preventDefault();
        if(file.size>tot){say(f.dataset.totalReason);return}b.disabled=true;
        try{let r=await send('/api/exports/uploads',{method:'POST',headers:{...h,'Content-Type':'application/json'},
        body:JSON.stringify({fileName:file.name,contentType:file.type,totalSize:file.size})});if(!r.ok)return await fail(r);const u=await r.json();
        for(let n=1;n<=u.chunkCount;n++){say('Enviando el archivo: parte '+n+' de '+u.chunkCount+' ('+Math.floor((n-1)*100/u.chunkCount)+' %).');
        r=await send(u.chunkUrl.replace('{n}',n),{method:'PUT',headers:h,body:file.slice((n-1)*u.chunkSize,n*u.chunkSize)});if(!r.ok)return await fail(r)}
        say('Archivo enviado (100 %). Revisándolo…');r=await send(u.completeUrl,{method:'POST',headers:h});if(!r.ok)return await fail(r);
        location.href='/escritorio/cargas/'+encodeURIComponent((await r.json()).exportId)}
        catch(x){say('Se perdió la conexión con el servidor. Vuelva a intentarlo.')}finally{b.disabled=false}})})()
        """;

    /// <summary>The CSP source that allows this inline script.</summary>
    public static readonly string CspSource = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Text)))}'";
}
