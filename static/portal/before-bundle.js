/* Loaded before Bootstrap Italia's bundle. Its video player (video.js, unused here) would add
   an inline <style> to every page, which the Content Security Policy refuses (style-src
   without 'unsafe-inline', issue 12.6). */
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
