/**
 * Hand-written name material for the demo brokerage: Chinese surnames (with rough population
 * weights, per cent), given-name characters, institution and product name parts, and addresses.
 * Each character carries its pinyin so e-mail addresses look real. Every string here is in GBK
 * (the demo can write its extract in GBK).
 */

/** [surname, pinyin, weight] — weights are approximate shares of the population in per cent. */
export const SURNAMES: readonly (readonly [string, string, number])[] = [
  ['王', 'wang', 7.1], ['李', 'li', 7.0], ['张', 'zhang', 6.7], ['刘', 'liu', 5.4], ['陈', 'chen', 4.6],
  ['杨', 'yang', 3.1], ['黄', 'huang', 2.4], ['赵', 'zhao', 2.3], ['吴', 'wu', 2.0], ['周', 'zhou', 1.9],
  ['徐', 'xu', 1.3], ['孙', 'sun', 1.3], ['马', 'ma', 1.2], ['朱', 'zhu', 1.2], ['胡', 'hu', 1.1],
  ['郭', 'guo', 1.1], ['何', 'he', 1.0], ['林', 'lin', 1.0], ['高', 'gao', 1.0], ['罗', 'luo', 0.9],
  ['郑', 'zheng', 0.9], ['梁', 'liang', 0.8], ['谢', 'xie', 0.7], ['宋', 'song', 0.7], ['唐', 'tang', 0.7],
  ['许', 'xu', 0.6], ['韩', 'han', 0.6], ['冯', 'feng', 0.6], ['邓', 'deng', 0.6], ['曹', 'cao', 0.6],
  ['彭', 'peng', 0.5], ['曾', 'zeng', 0.5], ['肖', 'xiao', 0.5], ['田', 'tian', 0.5], ['董', 'dong', 0.5],
  ['袁', 'yuan', 0.5], ['潘', 'pan', 0.4], ['于', 'yu', 0.4], ['蒋', 'jiang', 0.4], ['蔡', 'cai', 0.4],
  ['余', 'yu', 0.4], ['杜', 'du', 0.4], ['叶', 'ye', 0.4], ['程', 'cheng', 0.4], ['苏', 'su', 0.4],
  ['魏', 'wei', 0.4], ['吕', 'lv', 0.4], ['丁', 'ding', 0.4], ['任', 'ren', 0.4], ['沈', 'shen', 0.4],
  ['姚', 'yao', 0.3], ['卢', 'lu', 0.3], ['姜', 'jiang', 0.3], ['崔', 'cui', 0.3], ['钟', 'zhong', 0.3],
  ['谭', 'tan', 0.3], ['陆', 'lu', 0.3], ['汪', 'wang', 0.3], ['范', 'fan', 0.3], ['金', 'jin', 0.3],
  ['石', 'shi', 0.3], ['廖', 'liao', 0.3], ['贾', 'jia', 0.3], ['夏', 'xia', 0.3], ['韦', 'wei', 0.3],
  ['付', 'fu', 0.3], ['方', 'fang', 0.3], ['白', 'bai', 0.3], ['邹', 'zou', 0.3], ['孟', 'meng', 0.3],
  ['熊', 'xiong', 0.2], ['秦', 'qin', 0.2], ['邱', 'qiu', 0.2], ['江', 'jiang', 0.2], ['尹', 'yin', 0.2],
  ['薛', 'xue', 0.2], ['闫', 'yan', 0.2], ['段', 'duan', 0.2], ['雷', 'lei', 0.2], ['侯', 'hou', 0.2],
  ['龙', 'long', 0.2], ['史', 'shi', 0.2], ['陶', 'tao', 0.2], ['黎', 'li', 0.2], ['贺', 'he', 0.2],
  ['顾', 'gu', 0.2], ['毛', 'mao', 0.2], ['郝', 'hao', 0.2], ['龚', 'gong', 0.2], ['邵', 'shao', 0.2],
  ['万', 'wan', 0.2], ['钱', 'qian', 0.2], ['严', 'yan', 0.2], ['覃', 'qin', 0.1], ['武', 'wu', 0.2],
  ['戴', 'dai', 0.2], ['莫', 'mo', 0.1], ['孔', 'kong', 0.1], ['向', 'xiang', 0.1], ['汤', 'tang', 0.1],
  ['欧阳', 'ouyang', 0.05], ['司马', 'sima', 0.01], ['上官', 'shangguan', 0.01], ['诸葛', 'zhuge', 0.01],
];

/** [character, pinyin] given-name characters more usual for men. */
export const GIVEN_MALE: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'], ['勇', 'yong'], ['杰', 'jie'], ['涛', 'tao'],
  ['斌', 'bin'], ['超', 'chao'], ['明', 'ming'], ['刚', 'gang'], ['平', 'ping'], ['辉', 'hui'], ['鹏', 'peng'],
  ['华', 'hua'], ['飞', 'fei'], ['鑫', 'xin'], ['波', 'bo'], ['宇', 'yu'], ['浩', 'hao'], ['凯', 'kai'],
  ['健', 'jian'], ['俊', 'jun'], ['帆', 'fan'], ['帅', 'shuai'], ['旭', 'xu'], ['宁', 'ning'], ['龙', 'long'],
  ['林', 'lin'], ['欢', 'huan'], ['阳', 'yang'], ['建', 'jian'], ['国', 'guo'], ['志', 'zhi'], ['文', 'wen'],
  ['晨', 'chen'], ['博', 'bo'], ['轩', 'xuan'], ['睿', 'rui'], ['峰', 'feng'], ['毅', 'yi'], ['东', 'dong'],
  ['海', 'hai'], ['成', 'cheng'], ['永', 'yong'], ['春', 'chun'], ['德', 'de'], ['宏', 'hong'], ['振', 'zhen'],
  ['子', 'zi'], ['家', 'jia'], ['天', 'tian'], ['荣', 'rong'], ['昊', 'hao'], ['泽', 'ze'], ['一', 'yi'],
];

/** [character, pinyin] given-name characters more usual for women. */
export const GIVEN_FEMALE: readonly (readonly [string, string])[] = [
  ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['艳', 'yan'], ['娟', 'juan'],
  ['霞', 'xia'], ['燕', 'yan'], ['玲', 'ling'], ['婷', 'ting'], ['雪', 'xue'], ['慧', 'hui'], ['琳', 'lin'],
  ['颖', 'ying'], ['倩', 'qian'], ['洁', 'jie'], ['红', 'hong'], ['梅', 'mei'], ['莉', 'li'], ['萍', 'ping'],
  ['秀', 'xiu'], ['英', 'ying'], ['兰', 'lan'], ['佳', 'jia'], ['欣', 'xin'], ['怡', 'yi'], ['晶', 'jing'],
  ['瑶', 'yao'], ['璐', 'lu'], ['雯', 'wen'], ['琪', 'qi'], ['悦', 'yue'], ['诗', 'shi'], ['涵', 'han'],
  ['梓', 'zi'], ['萱', 'xuan'], ['蕾', 'lei'], ['薇', 'wei'], ['云', 'yun'], ['月', 'yue'], ['彤', 'tong'],
  ['晓', 'xiao'], ['小', 'xiao'], ['春', 'chun'], ['桂', 'gui'], ['淑', 'shu'], ['珍', 'zhen'], ['凤', 'feng'],
  ['思', 'si'], ['雨', 'yu'], ['紫', 'zi'], ['可', 'ke'], ['馨', 'xin'], ['宁', 'ning'], ['文', 'wen'],
];

/** Free e-mail domains, roughly by popularity in China. */
export const EMAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['qq.com', 45], ['163.com', 25], ['126.com', 8], ['sina.com', 5], ['139.com', 5], ['foxmail.com', 4],
  ['outlook.com', 3], ['gmail.com', 2], ['sohu.com', 2], ['aliyun.com', 1],
];

// ---------------------------------------------------------------- institutions and products

export const INSTITUTION_CORES: readonly string[] = [
  '华信', '恒泰', '中科', '鼎盛', '宏达', '金桥', '东方', '远景', '正和', '瑞丰', '博远', '永安', '新源', '天成',
  '汇通', '嘉禾', '明德', '安泰', '国联', '盛世', '启航', '海纳', '同创', '锦程', '银河', '泰和', '华瑞', '长青',
  '信达', '万通', '弘毅', '恒远', '至诚', '辰星', '睿信', '广源', '融信', '联创', '鸿运', '佳和',
];

export const INSTITUTION_TRADES: readonly string[] = [
  '科技', '投资', '实业', '贸易', '制造', '医药', '能源', '建设', '电子', '物流', '信息技术', '新材料',
  '环保科技', '食品', '化工', '机械', '文化传媒', '供应链管理', '控股', '置业',
];

export const INSTITUTION_SUFFIXES: readonly (readonly [string, number])[] = [
  ['有限公司', 60], ['股份有限公司', 20], ['集团有限公司', 10], ['投资管理合伙企业(有限合伙)', 10],
];

/** Private fund managers (fictional) whose products hold product accounts (产品户). */
export const FUND_MANAGERS: readonly string[] = [
  '睿泽私募基金管理有限公司', '景行私募基金管理有限公司', '知衡资产管理有限公司', '远澜私募基金管理有限公司',
  '鸣石投资管理有限公司', '衍盛私募基金管理有限公司', '青骊投资管理有限公司', '弘尚资产管理有限公司',
];

export const FUND_PRODUCT_WORDS: readonly string[] = [
  '稳健', '成长', '价值', '量化', '精选', '优选', '多策略', '阿尔法', '中性', '红利', '景气', '远航',
];

// ---------------------------------------------------------------- addresses, by branch city

/** [area code of the ID card, district] per city: the demo's branches are in these cities. */
export const CITY_AREAS: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  上海市: [
    ['310115', '浦东新区'], ['310104', '徐汇区'], ['310105', '长宁区'], ['310106', '静安区'], ['310107', '普陀区'],
    ['310110', '杨浦区'], ['310112', '闵行区'], ['310113', '宝山区'], ['310101', '黄浦区'], ['310109', '虹口区'],
  ],
  北京市: [
    ['110102', '西城区'], ['110101', '东城区'], ['110105', '朝阳区'], ['110108', '海淀区'], ['110106', '丰台区'],
    ['110107', '石景山区'], ['110114', '昌平区'], ['110115', '大兴区'],
  ],
  深圳市: [
    ['440304', '福田区'], ['440303', '罗湖区'], ['440305', '南山区'], ['440306', '宝安区'], ['440307', '龙岗区'],
    ['440309', '龙华区'],
  ],
  杭州市: [
    ['330102', '上城区'], ['330105', '拱墅区'], ['330106', '西湖区'], ['330108', '滨江区'], ['330109', '萧山区'],
    ['330110', '余杭区'],
  ],
  成都市: [
    ['510104', '锦江区'], ['510105', '青羊区'], ['510106', '金牛区'], ['510107', '武侯区'], ['510108', '成华区'],
    ['510116', '双流区'],
  ],
};

/** Area codes of other provinces, for customers born elsewhere (as many are). */
export const OTHER_AREA_CODES: readonly string[] = [
  '320102', '320581', '330203', '340104', '350203', '360102', '370102', '370202', '410105', '420106', '430104',
  '440106', '450103', '500103', '610113', '130102', '210102', '220102', '230103', '120101', '140105', '530102',
];

export const ROADS: readonly string[] = [
  '人民路', '解放路', '中山路', '建设路', '和平路', '新华路', '长江路', '黄河路', '文化路', '滨江大道',
  '世纪大道', '科技路', '学府路', '光明路', '朝阳路', '复兴路', '青年路', '东风路', '胜利路', '花园路',
];

export const COMPOUNDS: readonly string[] = [
  '阳光花园', '锦绣华庭', '翠湖苑', '金色家园', '滨江一号', '绿城小区', '香樟园', '紫荆公寓', '华府天地',
  '怡景新村', '东方明珠花园', '碧水湾', '春华苑', '世纪名邸', '书香门第',
];
