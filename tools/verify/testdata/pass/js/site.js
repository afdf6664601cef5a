(function(){var b=document.getElementById('quick-exit');if(!b){return;}
b.addEventListener('click',function(e){e.preventDefault();window.location.replace(b.href);});}());
