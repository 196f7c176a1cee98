<!DOCTYPE html>
<!-- SAMPLE DATA: a local replica of 临汾新闻网 built by linfen-etl for tests and demos. Articles are invented or paraphrased; this is not the real site. -->
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>尧都高新区新型显示面板配套材料项目签约_临汾新闻网</title>
</head>
<body>
<div class="header"><div class="container"><a class="logo" href="/">临汾新闻网</a><span class="sample-note">样例数据 SAMPLE DATA</span></div></div>
<div class="menu"><div class="container"><div class="m-l-content fl"><ul><li><a href="/">首页</a></li><li><a href="/2021/xmww/">项目为王</a></li><li><a href="/linfen/kjww/">科教文卫</a></li><li><a href="/linfen/qyxw/">区域新闻</a></li><li><a href="/linfen/shizheng/">时政要闻</a></li><li><a href="/newstp/">新闻图片</a></li><li><a href="/shanxi/">山西新闻</a></li></ul></div></div></div>
<div class="wrap"><div class="container"><div class="row"><div class="col-md-8 xb-left">
<div class="navlf"><span>当前位置：<span><a href="/">首页</a></span> &gt; <span><a href="/linfen/qyxw/">区域新闻</a></span></span></div>
<h2 class="h2 text-center xb-h2">尧都高新区新型显示面板配套材料项目签约</h2>
<h3 class="h4 text-center xb-h4">2020-01-10 11:06:51 来源：临汾新闻网　　 </h3>
<div class="col-md-12 nry jcontent">
<p>　　临汾新闻网讯（通讯员 任晓峰）1月10日，尧都高新技术产业开发区与江苏一家电子材料企业举行新型显示面板配套材料项目签约仪式。</p>
<p>　　该项目总投资4.6亿元，主要生产液晶面板用光学膜和偏光片基材，达产后预计年产值8亿元，可带动就业300余人。</p>
<p>　　尧都区有关负责人表示，将为项目建设提供“一对一”全程服务，推动项目尽快落地。</p>
<p>&nbsp;</p>
<p>责任编辑：吉晓琳</p>
<p>版权声明：凡临汾日报、临汾新闻网刊载及发布的各类稿件，未经书面授权，任何媒体、网站和个人不得转载发布。已获授权的，转载时须注明来源。</p>
</div>
</div><div class="col-md-4 xb-right"><div class="side-box"><h4>热点推荐</h4><ul class="list-light-gray"></ul></div></div></div></div></div>
<div class="footer"><div class="container"><p>临汾新闻网 本地样例站点（SAMPLE DATA），仅供 linfen-etl 测试与演示使用。</p></div></div>
</body>
</html>
