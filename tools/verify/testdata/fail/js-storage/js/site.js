(function(){
var seen = window.localStorage.getItem('seen');
}());
